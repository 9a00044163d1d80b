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


GRID_DEGREES = 0.01  # about 1 km: a report is tested only against zones whose box meets its cell
MAX_CELLS_PER_ZONE = 10_000  # larger zones are tested on every report


def _cell(value: float) -> int:
    return int(value // GRID_DEGREES)


@dataclass
class CountyFences:
    county: list[geo.Fence] = field(default_factory=list)
    zones: list[geo.Fence] = field(default_factory=list)
    prohibited: dict[int, list[tuple[geo.Fence, object, object]]] = field(default_factory=dict)
    zone_grid: dict[tuple[int, int], list[geo.Fence]] = field(default_factory=dict)
    large_zones: list[geo.Fence] = field(default_factory=list)

    def index_zones(self) -> None:
        """Bucket each restricted zone's bounding box into grid cells (the bbox prefilter)."""
        self.zone_grid, self.large_zones = {}, []
        for fence in self.zones:
            lat_cells = range(_cell(fence.min_lat), _cell(fence.max_lat) + 1)
            lon_cells = range(_cell(fence.min_lon), _cell(fence.max_lon) + 1)
            if len(lat_cells) * len(lon_cells) > MAX_CELLS_PER_ZONE:
                self.large_zones.append(fence)
                continue
            for lat_cell in lat_cells:
                for lon_cell in lon_cells:
                    self.zone_grid.setdefault((lat_cell, lon_cell), []).append(fence)

    def zones_near(self, lat: float, lon: float) -> list[geo.Fence]:
        """The zones whose bounding box may hold (lat, lon): each at most once."""
        near = self.zone_grid.get((_cell(lat), _cell(lon)), [])
        return near + self.large_zones if self.large_zones else near


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
    compiled.index_zones()
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
