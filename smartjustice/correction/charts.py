"""Geometry of the cockpit's server-rendered SVG charts (pure functions; the templates in
templates/correction/charts/ draw them, templatetags/correction_charts.py joins the two).

No chart library and no script: bars are sized in percent of their track, so a chart fills
any width from a phone to a wall screen while its text (HTML beside the SVG) keeps the page's
type size; the map projects degrees into a fixed viewBox that scales as a whole.
"""
from __future__ import annotations

import math
from dataclasses import dataclass


def _pct(value: float, peak: float) -> float:
    return round(100 * value / peak, 2) if peak > 0 else 0.0


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    percent: float  # width of the bar in percent of the widest


def bars(rows) -> list[Bar]:
    """[(label, value)] → bars scaled to the largest value (every bar 0 when all are 0)."""
    rows = [(str(label), value or 0) for label, value in rows]
    peak = max((value for _label, value in rows), default=0)
    return [Bar(label, value, _pct(value, peak)) for label, value in rows]


@dataclass(frozen=True)
class Segment:
    key: str
    value: int
    x: float  # percent
    width: float  # percent


def stacked(rows, keys: list[str]) -> list[dict]:
    """[{..., key: count}] → each row with `segments` (x and width in percent, scaled to the
    largest row total) for the keys in order."""
    peak = max((sum(row[key] for key in keys) for row in rows), default=0)
    out = []
    for row in rows:
        x, segments = 0.0, []
        for key in keys:
            width = _pct(row[key], peak)
            if row[key]:
                segments.append(Segment(key, row[key], round(x, 2), width))
            x += width
        out.append({**row, "segments": segments})
    return out


@dataclass(frozen=True)
class Column:
    label: object  # e.g. the day
    value: int
    x: float  # percent of the chart's width
    width: float  # percent
    y: float  # user units from the top of a chart `height` high
    height: float


def columns(points, height: float = 100) -> dict:
    """[(label, value)] (e.g. one per day) → columns filling 100% of the width, each 80% of its
    slot, heights scaled to the largest value within `height` units."""
    points = list(points)
    peak = max((value for _label, value in points), default=0)
    slot = 100 / len(points) if points else 0
    cols = []
    for index, (label, value) in enumerate(points):
        h = round(height * value / peak, 2) if peak else 0
        cols.append(Column(label, value, round(index * slot + slot * 0.1, 3), round(slot * 0.8, 3),
                           round(height - h, 2), h))
    return {"columns": cols, "peak": peak, "total": sum(value for _label, value in points), "height": height}


def ring(fraction: float | None, radius: float = 15.9155) -> dict:
    """A progress ring: the stroke dash of `fraction` (0–1) of a circle whose circumference is
    100 units (radius 100/2π), so the dash reads directly in percent."""
    percent = 0.0 if fraction is None else max(0.0, min(100.0, round(100 * fraction, 1)))
    return {"percent": percent, "dash": f"{percent} {round(100 - percent, 1)}", "radius": radius,
            "known": fraction is not None}


@dataclass(frozen=True)
class Box:
    width: float = 400
    height: float = 300
    pad: float = 36


def projector(points: list[tuple[float, float]], box: Box = Box()):
    """A function (lat, lon) → (x, y) in `box` that fits every point of `points` inside the
    padding, keeping the map's proportions (equirectangular, longitude shrunk by cos(latitude):
    honest at the scale of a county). North is up. A single point lands in the middle."""
    lats = [lat for lat, _lon in points]
    lons = [lon for _lat, lon in points]
    mid_lat = (min(lats) + max(lats)) / 2 if points else 0
    shrink = math.cos(math.radians(mid_lat))
    span_x = (max(lons) - min(lons)) * shrink if points else 0
    span_y = (max(lats) - min(lats)) if points else 0
    inner_w, inner_h = box.width - 2 * box.pad, box.height - 2 * box.pad
    scale = min(inner_w / span_x if span_x else math.inf, inner_h / span_y if span_y else math.inf)
    if scale == math.inf:
        scale = 0
    centre_lon = (min(lons) + max(lons)) / 2 if points else 0
    centre_lat = mid_lat

    def project(lat: float, lon: float) -> tuple[float, float]:
        x = box.width / 2 + (lon - centre_lon) * shrink * scale
        y = box.height / 2 - (lat - centre_lat) * scale
        return round(x, 1), round(y, 1)

    return project


def radius(count: int, peak: int, smallest: float = 6, largest: float = 22) -> float:
    """A circle whose area grows with `count` (square root), `smallest` for none."""
    if peak <= 0 or count <= 0:
        return smallest
    return round(smallest + (largest - smallest) * math.sqrt(count / peak), 1)


ALERT_BANDS = ((0, "calm"), (1, "watch"), (3, "alarm"))  # open alerts: 0, 1–2, 3 or more


def alert_band(open_alerts: int) -> str:
    """The colour class of an office on the map by its open alerts (a display band, not a rule)."""
    band = ALERT_BANDS[0][1]
    for floor, name in ALERT_BANDS:
        if open_alerts >= floor:
            band = name
    return band


LABEL_SIZE = 17  # font size of the map's labels, in viewBox units
LINE = 1.25 * LABEL_SIZE


def text_width(text: str, size: float = LABEL_SIZE) -> float:
    """A close estimate of a line's width: a full em per CJK character, 0.6 em otherwise."""
    return sum(size if ord(char) > 0x2E80 else 0.6 * size for char in text)


def _overlaps(a: tuple, b: tuple) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _place_label(x: float, y: float, r: float, width: float, taken: list[tuple], box: Box) -> tuple:
    """The first of right, left, above, below (then right anyway) where a two-line label of
    `width` stays inside the box and clear of the labels and circles already placed."""
    height = 2 * LINE
    options = [("start", x + r + 4, y - LINE / 2 + 4), ("end", x - r - 4, y - LINE / 2 + 4),
               ("middle", x, y - r - height + 10), ("middle", x, y + r + LINE)]
    for anchor, lx, ly in options:
        left = lx if anchor == "start" else lx - width if anchor == "end" else lx - width / 2
        rect = (left, ly - LABEL_SIZE, left + width, ly - LABEL_SIZE + height)
        inside = rect[0] >= 2 and rect[2] <= box.width - 2 and rect[1] >= 2 and rect[3] <= box.height - 2
        if inside and not any(_overlaps(rect, other) for other in taken):
            taken.append(rect)
            return anchor, round(lx, 1), round(ly, 1)
    anchor, lx, ly = options[0] if x < box.width / 2 else options[1]
    return anchor, round(lx, 1), round(ly, 1)


def office_map(offices: list[dict], outlines: list[dict], box: Box = Box(), second_line=lambda row: "") -> dict:
    """Circles (sized by people in correction, coloured by open alerts) and two-line labels for
    the offices, and the county outlines as SVG polygons, projected into `box`.
    `second_line(row)` gives the text under an office's name (its figures)."""
    points = [(row["latitude"], row["longitude"]) for row in offices]
    points += [(lat, lon) for outline in outlines for lat, lon in outline["polygon"]]
    project = projector(points, box)
    peak = max((row["subjects"] for row in offices), default=0)
    placed = []
    for row in offices:
        x, y = project(row["latitude"], row["longitude"])
        placed.append({**row, "x": x, "y": y, "r": radius(row["subjects"], peak),
                       "band": alert_band(row["open_alerts"]), "figures": second_line(row)})
    taken = [(c["x"] - c["r"], c["y"] - c["r"], c["x"] + c["r"], c["y"] + c["r"]) for c in placed]
    for circle in sorted(placed, key=lambda c: (-c["subjects"], c["name"])):
        width = max(text_width(circle["name"]), text_width(circle["figures"]))
        circle["anchor"], circle["label_x"], circle["label_y"] = _place_label(
            circle["x"], circle["y"], circle["r"], width, taken, box)
    polygons = [{"name": outline["name"],
                 "points": " ".join("{},{}".format(*project(lat, lon)) for lat, lon in outline["polygon"])}
                for outline in outlines]
    # Larger circles first, so a small office next to a big one stays visible on top.
    return {"box": box, "circles": sorted(placed, key=lambda c: (-c["r"], c["name"])), "polygons": polygons,
            "label_size": LABEL_SIZE, "line": LINE}
