"""The one clock of the platform (STYLE §5).

Legal days are counted in Asia/Shanghai, whatever the server's zone. Domain code calls
these and never datetime.now() or date.today(); tests move time with time-machine.
"""
import datetime as dt
from zoneinfo import ZoneInfo

from django.utils import timezone

LEGAL_TZ = ZoneInfo("Asia/Shanghai")


def now() -> dt.datetime:
    """The current instant, timezone-aware (UTC)."""
    return timezone.now()


def today() -> dt.date:
    """Today's date in China Standard Time: the day a legal period counts from."""
    return now().astimezone(LEGAL_TZ).date()


def legal_date(moment: dt.datetime) -> dt.date:
    """The calendar day (China Standard Time) on which an aware instant falls."""
    if timezone.is_naive(moment):
        raise ValueError("legal_date needs a timezone-aware datetime")
    return moment.astimezone(LEGAL_TZ).date()
