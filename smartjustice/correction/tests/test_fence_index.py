"""The grid prefilter of restricted zones never hides a zone that contains the point."""
import random

from smartjustice.correction import geo
from smartjustice.correction.fences import CountyFences


def zone(pk, ring):
    min_lat, max_lat, min_lon, max_lon = geo.polygon_bbox(ring)
    return geo.Fence(id=pk, kind="admin_zone", name=str(pk), subject_id=None, county_id=1, min_lat=min_lat,
                     max_lat=max_lat, min_lon=min_lon, max_lon=max_lon, circle=None, ring=tuple(map(tuple, ring)))


def test_the_grid_finds_exactly_the_zones_a_full_scan_finds():
    rng = random.Random(7)
    zones = []
    for pk in range(300):
        lat, lon, size = rng.uniform(30.5, 30.8), rng.uniform(120.35, 120.7), rng.choice([0.001, 0.004, 0.03])
        zones.append(zone(pk, [[lat, lon], [lat, lon + size], [lat + size, lon + size], [lat + size, lon]]))
    zones.append(zone(999, [[29.0, 119.0], [29.0, 122.0], [32.0, 122.0], [32.0, 119.0]]))  # a huge zone
    fences = CountyFences(zones=zones)
    fences.index_zones()

    for _ in range(3000):
        lat, lon = rng.uniform(30.5, 30.83), rng.uniform(120.35, 120.73)
        by_grid = {f.id for f in fences.zones_near(lat, lon) if f.contains(lat, lon)}
        by_scan = {f.id for f in zones if f.contains(lat, lon)}
        assert by_grid == by_scan

    assert [f.id for f in fences.large_zones] == [999]
