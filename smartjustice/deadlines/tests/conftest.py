"""Fixtures of the deadline tests. Holiday data is read from settings.SHARED_DIR at test
time (never copied into the repository)."""
import json

import pytest
from django.conf import settings

from smartjustice.deadlines.engine import HolidayCalendar


def holidays_path():
    return settings.SHARED_DIR / "domain" / "holidays_cn.json"


@pytest.fixture(scope="session")
def holiday_data():
    path = holidays_path()
    if not path.exists():
        pytest.skip(f"shared holiday data not found at {path} (set SMARTJUSTICE_SHARED_DIR)")
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def calendar(holiday_data):
    """The official 2025 and 2026 arrangements, as the engine sees them."""
    return HolidayCalendar.from_mapping(holiday_data)


@pytest.fixture
def loaded_holidays(db, holiday_data):
    """The shared holiday file imported into the database."""
    from smartjustice.deadlines.services import import_holidays

    return import_holidays(holidays_path())
