"""Loads the shared known-answer vectors at test time (never copied into the repo)."""
import json
from functools import cache

from django.conf import settings


@cache
def load(name: str) -> dict:
    with open(settings.SHARED_DIR / "vectors" / name, encoding="utf-8") as fh:
        return json.load(fh)
