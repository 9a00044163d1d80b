"""Reads of the community-correction cockpit (驾驶舱): aggregates only, never identities, so
minors' files (《社区矫正法》第五十四条) are never exposed here.

Where each figure comes from, so a view costs a fixed number of small queries whatever the
number of location reports:
- people in correction by type, office, level, crime and risk band: the file table (one row
  per person), grouped in the database;
- check-ins, reports, leave, help, study and welfare time, spot checks and the trend: the
  DailyMetric counters the services keep up to date (reports: supervision.summarise_reports);
- check-in compliance: the "compliance.due"/"compliance.kept" counters of
  services.summarise_check_in_compliance (person-days, up to yesterday);
- alerts per rule with their outcome: the alert rows of the period (at most one per person,
  rule and day), which also reflect alerts turned false when an objection was upheld;
- the map: the offices' coordinates (orgs.Organisation.latitude/longitude), people in
  correction and open alerts per office.

Scope: `correction.cockpit.view` through orgs.selectors.scope_q: a supervisor sees their
organisation and everything below it, an officer only their own office. `office` narrows the
view to one office (or bureau) inside that scope; one outside it is NotFound.
"""
from __future__ import annotations

import datetime as dt

from django.db.models import Count, OuterRef, Q, Subquery, Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from smartjustice.core import clock
from smartjustice.core.errors import InvalidInput, NotFound
from smartjustice.orgs.choices import Kind
from smartjustice.orgs.models import Organisation
from smartjustice.orgs.selectors import organisations_for_user, scope_q

from .choices import (
    AlertRule,
    AlertStatus,
    AssistanceOutcome,
    GeofenceKind,
    QuestionnaireKind,
    SubjectStatus,
    SubjectType,
)
from .models import Alert, Assessment, DailyMetric, Geofence, Subject
from .services.compliance import COMPLIANCE_DUE, COMPLIANCE_KEPT

COCKPIT = "correction.cockpit.view"
PERIODS = (7, 30, 90)
DEFAULT_PERIOD = 30
TOP_CRIMES = 8
TREND = ("check_ins", "reports", "alerts")


def period_days(value) -> int:
    """The period asked for in the query string: 7, 30 or 90 days (30 when not given)."""
    if value in (None, ""):
        return DEFAULT_PERIOD
    if not str(value).isdigit() or int(value) not in PERIODS:
        raise InvalidInput(gettext_lazy("Choose a period of 7, 30 or 90 days."), field="days")
    return int(value)


def offices_for_cockpit(user):
    """Every organisation inside the user's cockpit scope (a supervisor's subtree, an
    officer's own office)."""
    return organisations_for_user(user, COCKPIT).order_by("path")


def office_choices(user):
    """The bureaus and judicial offices a user may narrow the cockpit to."""
    return offices_for_cockpit(user).filter(kind__in=[Kind.JUSTICE_BUREAU, Kind.JUDICIAL_OFFICE]).only("id", "name")


def access_office(user, office_id) -> Organisation:
    """An organisation inside the user's cockpit scope; NotFound when missing or outside it."""
    office = offices_for_cockpit(user).filter(pk=office_id).first() if str(office_id).isdigit() else None
    if office is None:
        raise NotFound()
    return office


def _scope(user, office: Organisation | None, org_field: str = "org") -> Q:
    query = scope_q(user, COCKPIT, org_field=org_field)
    if office is not None:
        query &= Q(**{f"{org_field}__path__startswith": office.path})
    return query


def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _people(active) -> dict:
    type_labels = dict(SubjectType.choices)
    by_type = [(str(type_labels.get(kind, kind)), n) for kind, n in
               active.values_list("subject_type").annotate(n=Count("id")).order_by("subject_type")]
    by_office_rows = list(active.values_list("org_id", "org__name").annotate(n=Count("id")).order_by("-n", "org__name"))
    levels = list(active.values_list("classification__name", "classification__rank").annotate(n=Count("id"))
                  .order_by("-classification__rank"))
    by_level = [(name, n) for name, _rank, n in levels if name] + \
               [(_("not classified"), n) for name, _rank, n in levels if not name]
    crimes = list(active.values_list("crime_type").annotate(n=Count("id")).order_by("-n", "crime_type"))
    by_crime = crimes[:TOP_CRIMES]
    if len(crimes) > TOP_CRIMES:
        by_crime.append((_("other crimes"), sum(n for _crime, n in crimes[TOP_CRIMES:])))
    latest = Assessment.objects.filter(subject=OuterRef("pk"), questionnaire__kind=QuestionnaireKind.RISK
                                       ).order_by("-taken_at", "-id")
    bands = list(active.annotate(risk=Subquery(latest.values("band")[:1]),
                                 risk_rank=Subquery(latest.values("suggested_level__rank")[:1]))
                 .values_list("risk", "risk_rank").annotate(n=Count("id")))
    # Highest risk first (the rank of the level the band suggests), then those never assessed.
    by_risk = [(band, n) for band, _rank, n in sorted(bands, key=lambda row: (-(row[1] or 0), row[0] or "")) if band]
    by_risk += [(_("not assessed"), n) for band, _rank, n in bands if not band]
    return {
        "active": sum(n for _label, n in by_type),
        "by_type": by_type,
        "by_office": [(name, n) for _pk, name, n in by_office_rows],
        "by_office_ids": {pk: n for pk, _name, n in by_office_rows},
        "by_level": by_level,
        "by_crime": by_crime,
        "by_risk": by_risk,
    }


def _compliance(metrics, check_ins: int) -> dict:
    rows = (metrics.filter(metric__in=[COMPLIANCE_DUE, COMPLIANCE_KEPT])
            .values_list("org_id", "org__name", "metric").annotate(total=Sum("value")))
    offices: dict[int, dict] = {}
    for org_id, name, metric, total in rows:
        row = offices.setdefault(org_id, {"name": name, "due": 0, "kept": 0})
        row["due" if metric == COMPLIANCE_DUE else "kept"] += total
    by_office = [{"name": row["name"], "due": row["due"], "kept": row["kept"], "rate": _rate(row["kept"], row["due"])}
                 for row in offices.values() if row["due"]]
    by_office.sort(key=lambda row: (row["rate"], row["name"]))  # the office furthest behind first
    due = sum(row["due"] for row in by_office)
    kept = sum(row["kept"] for row in by_office)
    return {"due": due, "kept": kept, "missed": due - kept, "rate": _rate(kept, due), "by_office": by_office,
            "check_ins": check_ins}


def _alerts(alerts) -> dict:
    rows = alerts.values_list("rule", "status").annotate(n=Count("id"))
    per_rule: dict[str, dict] = {}
    for rule, status, n in rows:
        per_rule.setdefault(rule, {"raised": 0, "open": 0, "confirmed": 0, "false": 0})
        per_rule[rule]["raised"] += n
        per_rule[rule][status] += n
    rules = []
    for rule in AlertRule:  # the order of the rule table, not of the database
        if rule.value in per_rule:
            row = per_rule[rule.value]
            rules.append({"rule": rule.value, "label": str(rule.label), **row,
                          "false_rate": _rate(row["false"], row["confirmed"] + row["false"])})
    total = {key: sum(row[key] for row in rules) for key in ("raised", "open", "confirmed", "false")}
    return {**total, "false_rate": _rate(total["false"], total["confirmed"] + total["false"]), "rules": rules}


def _trend(metrics, since: dt.date, until: dt.date) -> list[tuple[dt.date, dict]]:
    days = {since + dt.timedelta(days=n): dict.fromkeys(TREND, 0) for n in range((until - since).days + 1)}
    for day, metric, total in (metrics.filter(metric__in=TREND).values_list("day", "metric")
                               .annotate(total=Sum("value"))):
        days[day][metric] = total
    return sorted(days.items())


def _map(user, office: Organisation | None, subjects_by_office: dict[int, int], open_alerts: dict[int, int]) -> dict:
    """Offices in scope that are judicial offices or have people in correction, with their
    coordinates; the county outlines (county fences) of the offices placed on the map."""
    offices = offices_for_cockpit(user).filter(Q(kind=Kind.JUDICIAL_OFFICE) | Q(pk__in=list(subjects_by_office)))
    if office is not None:
        offices = offices.filter(path__startswith=office.path)
    placed, unplaced, ancestors = [], [], set()
    for org in offices.only("id", "name", "path", "latitude", "longitude"):
        row = {"id": org.pk, "name": org.name, "subjects": subjects_by_office.get(org.pk, 0),
               "open_alerts": open_alerts.get(org.pk, 0), "latitude": org.latitude, "longitude": org.longitude}
        (placed if org.has_coordinates else unplaced).append(row)
        if org.has_coordinates:
            ancestors.update(org.ancestor_ids())
    outlines = [{"name": fence.name, "polygon": fence.polygon}
                for fence in Geofence.objects.filter(kind=GeofenceKind.COUNTY, is_active=True,
                                                     county_id__in=ancestors).exclude(polygon=[])
                .only("name", "polygon").order_by("name")] if ancestors else []
    return {"offices": placed, "without_coordinates": unplaced, "outlines": outlines}


def cockpit_data(user, *, days: int = DEFAULT_PERIOD, office: Organisation | None = None) -> dict:
    """Every figure of the cockpit for the last `days` days (today included) within the user's
    scope, optionally narrowed to `office` (already checked with access_office)."""
    until = clock.today()
    since = until - dt.timedelta(days=days - 1)
    scope = _scope(user, office)
    active = Subject.objects.filter(scope, status__in=[SubjectStatus.AWAITING_REPORT, SubjectStatus.IN_CORRECTION])
    people = _people(active)
    metrics = DailyMetric.objects.filter(scope, day__gte=since, day__lte=until)
    totals = dict(metrics.values_list("metric").annotate(total=Sum("value")).values_list("metric", "total"))
    alerts = _alerts(Alert.objects.filter(scope, day__gte=since, day__lte=until))
    open_alerts = dict(Alert.objects.filter(scope, status=AlertStatus.OPEN).values_list("org_id")
                       .annotate(n=Count("id")).values_list("org_id", "n"))
    figures = {
        "leave_applied": totals.get("leave.applied", 0), "leave_approved": totals.get("leave.approved", 0),
        "leave_rejected": totals.get("leave.rejected", 0),
        "learning_hours": round(totals.get("learning.seconds", 0) / 3600, 1),
        "welfare_hours": round(totals.get("welfare.minutes", 0) / 60, 1),
        "assistance_requested": totals.get("assistance.requested", 0),
        **{f"assistance_{outcome}": totals.get(f"assistance.{outcome}", 0) for outcome in AssistanceOutcome.values},
        "spot_checks": totals.get("spot_checks", 0), "field_visits": totals.get("field_visits", 0),
        "check_ins": totals.get("check_ins", 0), "reports": totals.get("reports", 0),
        "activity_reports": totals.get("activity_reports", 0), "intake": totals.get("intake", 0),
        "released": totals.get("released", 0),
    }
    return {
        "days": days, "since": since, "until": until, "office": office,
        **{key: value for key, value in people.items() if key != "by_office_ids"},
        "compliance": _compliance(metrics, figures["check_ins"]),
        "alerts": alerts,
        "open_alerts": sum(open_alerts.values()),
        "false_rate": alerts["false_rate"],
        "totals": totals,
        "figures": figures,
        "leave": [(_("applied"), figures["leave_applied"]), (_("approved"), figures["leave_approved"]),
                  (_("refused"), figures["leave_rejected"])],
        "assistance": [(_("requested"), figures["assistance_requested"]), (_("helped"), figures["assistance_helped"]),
                       (_("referred to another body"), figures["assistance_referred"]),
                       (_("could not be helped"), figures["assistance_not_possible"]),
                       (_("withdrawn by the person"), figures["assistance_withdrawn"])],
        "trend": _trend(metrics, since, until),
        "map": _map(user, office, people["by_office_ids"], open_alerts),
    }
