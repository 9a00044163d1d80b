"""Reading local policy (本地政策): one number per key, from PolicySetting rows, with the
shipped defaults when a row is missing. Administrators edit the rows (services.update_policy).
The rows are read once per CACHE_SECONDS per process (the location-report hot path reads three
of them per report); an edit takes effect at once in the process that made it and within
CACHE_SECONDS in every other worker."""
import threading
import time

from django.utils.translation import gettext_lazy as _

from .models import PolicySetting
from .models.policy import LOCAL_POLICY_BASIS

REVOCATION_BASIS = "《最高人民法院关于适用〈刑事诉讼法〉的解释》第五百四十三条第一款第四项"

# key: (default, unit, meaning, basis)
DEFAULTS = {
    "leave.max_days_per_trip": (30, "days", _("Longest leave outside the county for one trip"), LOCAL_POLICY_BASIS),
    "objection.answer_days": (10, "days", _("Days within which an objection is answered"), LOCAL_POLICY_BASIS),
    "termination.remind_days_before": (30, "days", _("Remind officers this many days before correction ends"), LOCAL_POLICY_BASIS),
    "report.max_age_minutes": (60, "minutes", _("Oldest location report accepted (queued on the phone)"), LOCAL_POLICY_BASIS),
    "report.max_future_seconds": (120, "seconds", _("Allowance for a phone clock running ahead"), LOCAL_POLICY_BASIS),
    "location.accuracy_allowance_m": (150, "m", _("Distance a position may lie outside the county before an alert (GPS accuracy)"), LOCAL_POLICY_BASIS),
    # The subject's app reports while sharing is on (信息化核查, 《社区矫正法》第二十六条); issue #6.
    "location.report_every_minutes": (10, "minutes", _("Minutes between two location reports from the subject's phone while sharing is on"), "《社区矫正法》第二十六条; local policy"),
    "escalation.admonitions_before_warning": (2, "times", _("Admonitions after which a warning is suggested"), LOCAL_POLICY_BASIS),
    "escalation.warnings_before_revocation": (2, "times", _("Warnings after which revocation or committal is suggested"), REVOCATION_BASIS),
    "learning.monthly_minutes": (480, "minutes", _("Study time expected each month (courses)"), LOCAL_POLICY_BASIS),
    "learning.heartbeat_gap_seconds": (30, "seconds", _("Longest gap between two playback heartbeats that still counts as continuous"), LOCAL_POLICY_BASIS),
    "learning.heartbeat_tolerance_seconds": (2, "seconds", _("Allowance for timer jitter when comparing media time with the wall clock"), LOCAL_POLICY_BASIS),
    "welfare.monthly_minutes": (0, "minutes", _("Public-welfare activity expected each month (0: none; the law fixes no hours)"), "《社区矫正法》第四十二条; local policy"),
    "lost_contact.hours": (24, "hours", _("Hours without a check-in or location before a lost-contact alert"), LOCAL_POLICY_BASIS),
    "spot_check.join_minutes": (10, "minutes", _("Minutes a person has to join a video spot check"), LOCAL_POLICY_BASIS),
    "spot_check.daily_permille": (50, "1/1000", _("Share of people in correction given a random video spot check each day"), LOCAL_POLICY_BASIS),
    "identity.max_face_distance_milli": (600, "1/1000", _("Largest face distance (×1000) that counts as a match"), LOCAL_POLICY_BASIS),
}

# code: (name, rank, check in every, report every, visit every)
DEFAULT_LEVELS = {
    "strict": ("严管", 3, 1, 7, 30),
    "ordinary": ("普管", 2, 3, 14, 60),
    "lenient": ("宽管", 1, 7, 30, 90),
}


CACHE_SECONDS = 5.0
_lock = threading.Lock()
_cache: dict = {"at": 0.0, "values": None}


def _values() -> dict[str, int]:
    now = time.monotonic()
    values = _cache["values"]
    if values is None or now - _cache["at"] > CACHE_SECONDS:
        values = dict(PolicySetting.objects.values_list("key", "value"))
        with _lock:
            _cache["values"], _cache["at"] = values, now
    return values


def invalidate() -> None:
    with _lock:
        _cache["values"] = None


def setting(key: str) -> int:
    """The current value of a policy number (the row if an administrator has one, else the default)."""
    if key not in DEFAULTS:
        raise KeyError(key)
    value = _values().get(key)
    return DEFAULTS[key][0] if value is None else value


def install_defaults(apps=None) -> int:
    """Create missing rows with the shipped defaults; existing rows are left as edited."""
    setting_model = apps.get_model("correction", "PolicySetting") if apps else PolicySetting
    level_model = apps.get_model("correction", "ClassificationLevel") if apps else None
    if level_model is None:
        from .models import ClassificationLevel as level_model
    created = 0
    for key, (value, unit, label, basis) in DEFAULTS.items():
        _row, made = setting_model.objects.get_or_create(key=key, defaults={
            "value": value, "unit": unit, "label": str(label), "basis": basis})
        created += made
    for code, (name, rank, check_in, report, visit) in DEFAULT_LEVELS.items():
        _row, made = level_model.objects.get_or_create(code=code, defaults={
            "name": name, "rank": rank, "check_in_every_days": check_in, "report_every_days": report,
            "visit_every_days": visit, "basis": LOCAL_POLICY_BASIS})
        created += made
    return created
