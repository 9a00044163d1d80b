"""The geofences that apply to each county's subjects, compiled once per process.

The hot path (services.supervision.submit_location_report) checks every report against the
county fence, the county's restricted zones and the subject's prohibited areas without a
query: fences are compiled per county into plain tuples (geo.Fence) and kept for at most
CACHE_SECONDS; a change made in this process invalidates at once (on commit), a change in
another worker process takes effect within CACHE_SECONDS.
"""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

from django.db.models import Q

from . import geo
from .choices import GeofenceKind, GeofenceShape

CACHE_SECONDS = 30.0
_lock = threading.Lock()
_cache: dict[int, tuple[float, CountyFences]] = {}


@dataclass
class CountyFences:
    county: list[geo.Fence] = field(default_factory=list)
    zones: list[geo.Fence] = field(default_factory=list)
    prohibited: dict[int, list[tuple[geo.Fence, object, object]]] = field(default_factory=dict)


def _compile(row) -> geo.Fence:
    circle = (row.center_lat, row.center_lon, row.radius_m) if row.shape == GeofenceShape.CIRCLE else None
    ring = tuple(tuple(point) for point in row.polygon) if row.shape == GeofenceShape.POLYGON else None
    return geo.Fence(id=row.pk, kind=row.kind, name=row.name, subject_id=row.subject_id, county_id=row.county_id,
                     min_lat=row.min_lat, max_lat=row.max_lat, min_lon=row.min_lon, max_lon=row.max_lon,
                     circle=circle, ring=ring)


def load(county_id: int) -> CountyFences:
    from .models import Geofence

    compiled = CountyFences()
    rows = (Geofence.objects.filter(is_active=True)
            .filter(Q(county_id=county_id) | Q(kind=GeofenceKind.PROHIBITED, subject__org__path__contains=f"/{county_id}/"))
            .select_related("prohibition_order"))
    for row in rows:
        fence = _compile(row)
        if row.kind == GeofenceKind.COUNTY:
            compiled.county.append(fence)
        elif row.kind == GeofenceKind.ADMIN_ZONE:
            compiled.zones.append(fence)
        elif row.prohibition_order_id is not None:
            order = row.prohibition_order
            compiled.prohibited.setdefault(row.subject_id, []).append((fence, order.starts_on, order.ends_on))
    return compiled


def for_county(county_id: int) -> CountyFences:
    now = time.monotonic()
    entry = _cache.get(county_id)
    if entry is not None and now - entry[0] < CACHE_SECONDS:
        return entry[1]
    compiled = load(county_id)
    with _lock:
        _cache[county_id] = (now, compiled)
    return compiled


def invalidate() -> None:
    with _lock:
        _cache.clear()
