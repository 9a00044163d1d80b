"""Plane geometry for geofences: pure functions on WGS-84 latitude/longitude.

Distances use an equirectangular approximation, accurate to well under 1 % over the few
kilometres a county fence spans; point-in-polygon is the even-odd ray cast. Each fence
carries a bounding box so the hot path rejects most fences with four comparisons.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from smartjustice.core.errors import InvalidInput

EARTH_RADIUS_M = 6_371_000.0


def check_coordinates(lat, lon) -> tuple[float, float]:
    """Validated (lat, lon) as floats, or InvalidInput naming the bad coordinate."""
    try:
        lat, lon = float(lat), float(lon)
    except (TypeError, ValueError):
        raise InvalidInput(_("Latitude and longitude must be numbers."), field="latitude") from None
    if not (math.isfinite(lat) and -90.0 <= lat <= 90.0):
        raise InvalidInput(_("Latitude must be between -90 and 90 degrees."), field="latitude")
    if not (math.isfinite(lon) and -180.0 <= lon <= 180.0):
        raise InvalidInput(_("Longitude must be between -180 and 180 degrees."), field="longitude")
    return lat, lon


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    x = math.radians(lon2 - lon1) * math.cos(math.radians((lat1 + lat2) / 2))
    y = math.radians(lat2 - lat1)
    return math.hypot(x, y) * EARTH_RADIUS_M


def point_in_polygon(lat: float, lon: float, ring: list[list[float]]) -> bool:
    inside = False
    count = len(ring)
    j = count - 1
    for i in range(count):
        yi, xi = ring[i]
        yj, xj = ring[j]
        if (yi > lat) != (yj > lat) and lon < (xj - xi) * (lat - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


def distance_to_ring_m(lat: float, lon: float, ring) -> float:
    """Shortest distance from the point to the polygon's boundary (local flat projection)."""
    scale = math.cos(math.radians(lat))
    px, py = 0.0, 0.0
    best = float("inf")
    count = len(ring)
    for i in range(count):
        ax, ay = (ring[i][1] - lon) * scale, ring[i][0] - lat
        bx, by = (ring[(i + 1) % count][1] - lon) * scale, ring[(i + 1) % count][0] - lat
        dx, dy = bx - ax, by - ay
        length = dx * dx + dy * dy
        t = 0.0 if length == 0 else max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / length))
        best = min(best, math.hypot(ax + t * dx - px, ay + t * dy - py))
    return math.radians(best) * EARTH_RADIUS_M


def polygon_bbox(ring) -> tuple[float, float, float, float]:
    lats = [p[0] for p in ring]
    lons = [p[1] for p in ring]
    return min(lats), max(lats), min(lons), max(lons)


def circle_bbox(lat: float, lon: float, radius_m: float) -> tuple[float, float, float, float]:
    dlat = math.degrees(radius_m / EARTH_RADIUS_M)
    dlon = dlat / max(math.cos(math.radians(lat)), 1e-6)
    return lat - dlat, lat + dlat, lon - dlon, lon + dlon


def clean_polygon(points) -> list[list[float]]:
    """A polygon as [[lat, lon], ...] with at least three distinct valid points."""
    if not isinstance(points, (list, tuple)):
        raise InvalidInput(_("A polygon is a list of [latitude, longitude] points."), field="polygon")
    ring = []
    for point in points:
        if not isinstance(point, (list, tuple)) or len(point) != 2:
            raise InvalidInput(_("A polygon is a list of [latitude, longitude] points."), field="polygon")
        ring.append(list(check_coordinates(point[0], point[1])))
    if len({tuple(p) for p in ring}) < 3:
        raise InvalidInput(_("A polygon needs at least three different points."), field="polygon")
    return ring


@dataclass(frozen=True)
class Fence:
    """A geofence compiled for the hot path (no ORM objects)."""

    id: int
    kind: str
    name: str
    subject_id: int | None
    county_id: int | None
    min_lat: float
    max_lat: float
    min_lon: float
    max_lon: float
    circle: tuple[float, float, float] | None  # (lat, lon, radius_m)
    ring: tuple[tuple[float, float], ...] | None

    def contains(self, lat: float, lon: float, tolerance_m: float = 0.0) -> bool:
        """Inside the fence; `tolerance_m` widens a circle (GPS accuracy) for 'inside' checks."""
        if self.circle is not None:
            clat, clon, radius = self.circle
            return distance_m(lat, lon, clat, clon) <= radius + tolerance_m
        if self.min_lat <= lat <= self.max_lat and self.min_lon <= lon <= self.max_lon and point_in_polygon(lat, lon, self.ring):
            return True
        return tolerance_m > 0 and distance_to_ring_m(lat, lon, self.ring) <= tolerance_m

    def may_contain(self, lat: float, lon: float) -> bool:
        return self.min_lat <= lat <= self.max_lat and self.min_lon <= lon <= self.max_lon
