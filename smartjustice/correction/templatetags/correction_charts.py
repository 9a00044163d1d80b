"""The cockpit's charts as template tags: each computes its geometry with correction.charts and
renders one of templates/correction/charts/. Every chart shows its numbers as text too, so
it reads aloud, prints and survives a screen without SVG."""
from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from smartjustice.correction import charts

register = template.Library()


@register.filter
def percent(fraction) -> str:
    """0.875 → "87.5%"; None (nothing to divide) → "—"."""
    if fraction is None:
        return "—"
    return f"{number_format(round(100 * fraction, 1), decimal_pos=1)}%"


@register.inclusion_tag("correction/charts/bars.html")
def bar_chart(rows, caption: str, chart_id: str, unit: str = ""):
    """Horizontal bars for [(label, count)], scaled to the largest."""
    return {"bars": charts.bars(rows), "caption": caption, "chart_id": chart_id, "unit": unit}


@register.inclusion_tag("correction/charts/compliance.html")
def compliance_chart(compliance: dict, chart_id: str = "chart-compliance"):
    """The overall check-in compliance as a ring, and one bar per office on a 0–100% scale."""
    offices = [{**row, "percent": round(100 * row["rate"], 2)} for row in compliance["by_office"]]
    return {"compliance": compliance, "ring": charts.ring(compliance["rate"]), "offices": offices, "chart_id": chart_id}


ALERT_KEYS = ["confirmed", "false", "open"]


@register.inclusion_tag("correction/charts/alerts.html")
def alert_chart(alerts: dict, chart_id: str = "chart-alerts"):
    """One stacked bar per rule: confirmed, false and still open, with the false rate."""
    return {"alerts": alerts, "rows": charts.stacked(alerts["rules"], ALERT_KEYS), "chart_id": chart_id}


@register.inclusion_tag("correction/charts/columns.html")
def trend_chart(trend, key: str, caption: str, chart_id: str):
    """Columns, one per day, for one counter of the trend [(day, {key: n})]."""
    points = [(day, values[key]) for day, values in trend]
    chart = charts.columns(points, height=80)
    return {"chart": chart, "caption": caption, "chart_id": chart_id,
            "first": points[0][0] if points else None, "last": points[-1][0] if points else None}


@register.inclusion_tag("correction/charts/map.html", takes_context=True)
def office_map(context, data: dict, chart_id: str = "office-map"):
    """The schematic map of the offices (see charts.office_map)."""
    def figures(row):
        people = _("people: %(n)s") % {"n": row["subjects"]}
        if not row["open_alerts"]:
            return people
        alerts = _("open alerts: %(n)s") % {"n": row["open_alerts"]}
        return _("%(people)s · %(alerts)s") % {"people": people, "alerts": alerts}

    drawn = charts.office_map(data["map"]["offices"], data["map"]["outlines"], second_line=figures)
    listed = sorted(data["map"]["offices"] + data["map"]["without_coordinates"], key=lambda row: row["name"])
    return {"map": drawn, "listed": listed, "without": data["map"]["without_coordinates"], "days": data["days"],
            "chart_id": chart_id, "request": context.get("request")}
