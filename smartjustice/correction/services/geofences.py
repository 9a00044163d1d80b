"""Geofences: county fences, prohibited areas and restricted zones (validated shapes, bbox)."""
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from smartjustice.audit import services as audit
from smartjustice.core.errors import InvalidInput
from smartjustice.orgs.choices import Kind, Level

from .. import geo
from ..choices import GeofenceKind, GeofenceShape
from ..models import Geofence
from ._common import require

__all__ = ["define_zone", "build_geofence", "county_of"]


def county_of(org):
    """The county-level justice bureau above (or equal to) `org`, or None."""
    from smartjustice.orgs.models import Organisation

    ids = [int(part) for part in org.path.strip("/").split("/") if part]
    return (Organisation.objects.filter(pk__in=ids, level=Level.COUNTY, kind=Kind.JUSTICE_BUREAU)
            .order_by("-path").first())


def build_geofence(*, kind: str, name: str, org, county=None, subject=None, prohibition_order=None,
                   circle: dict | None = None, polygon=None) -> Geofence:
    """An unsaved Geofence with a checked shape and its bounding box; InvalidInput otherwise."""
    name = (name or "").strip()
    if not name:
        raise InvalidInput(_("Give the area a name."), field="name")
    fence = Geofence(kind=kind, name=name[:120], org=org, county=county, subject=subject,
                     prohibition_order=prohibition_order)
    if circle is not None and polygon is None:
        lat, lon = geo.check_coordinates(circle.get("lat"), circle.get("lon"))
        try:
            radius = float(circle.get("radius_m"))
        except (TypeError, ValueError):
            radius = -1.0
        if not 10 <= radius <= 200_000:
            raise InvalidInput(_("A circle's radius must be between 10 m and 200 km."), field="radius_m")
        fence.shape = GeofenceShape.CIRCLE
        fence.center_lat, fence.center_lon, fence.radius_m = lat, lon, radius
        fence.min_lat, fence.max_lat, fence.min_lon, fence.max_lon = geo.circle_bbox(lat, lon, radius)
    elif polygon is not None and circle is None:
        ring = geo.clean_polygon(polygon)
        fence.shape = GeofenceShape.POLYGON
        fence.polygon = ring
        fence.min_lat, fence.max_lat, fence.min_lon, fence.max_lon = geo.polygon_bbox(ring)
    else:
        raise InvalidInput(_("Describe the area either as a circle or as a polygon."), field="shape")
    return fence


def define_zone(*, kind: str, name: str, county, acting_user, circle=None, polygon=None) -> Geofence:
    """An administrator defines a county fence or a restricted zone for a county's subjects."""
    if kind not in (GeofenceKind.COUNTY, GeofenceKind.ADMIN_ZONE):
        raise InvalidInput(_("Prohibited areas are recorded with their prohibition order."), field="kind")
    if county is None or county.level != Level.COUNTY:
        raise InvalidInput(_("A zone belongs to a county."), field="county")
    require(acting_user, "correction.geofence.manage", county)
    fence = build_geofence(kind=kind, name=name, org=county, county=county, circle=circle, polygon=polygon)
    with transaction.atomic():
        fence.save()
        audit.record("correction.geofence.defined", actor=acting_user, obj=fence, org=county,
                     changes={"kind": [None, kind], "shape": [None, fence.shape], "name": [None, fence.name]})
    from ..fences import invalidate

    transaction.on_commit(invalidate)
    return fence
