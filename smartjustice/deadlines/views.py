"""Public pages of the deadline engine: the rule table and a due-date calculator.

Statutory periods are public legal information, so no login is needed. The calculator is
a GET form; htmx requests get only the result fragment.
"""
from django.shortcuts import render

from smartjustice.core.errors import DomainError

from . import services
from .rules import all_rules


def _compute_context(request) -> dict:
    params = request.GET
    context = {
        "selected_rule": params.get("rule", ""),
        "selected_from": params.get("from", ""),
        "selected_extend": params.get("extend", ""),
        "due": None,
        "error": None,
        "error_field": None,
    }
    if "rule" in params or "from" in params:
        try:
            context["due"] = services.compute(params.get("rule"), params.get("from"), params.get("extend"))
        except DomainError as exc:
            context["error"] = str(exc)
            context["error_field"] = exc.field
    return context


def rules(request):
    """/deadlines/: every rule with its period and citation, and the calculator."""
    return render(request, "deadlines/rules.html", {"rules": all_rules(), **_compute_context(request)})


def compute(request):
    """/deadlines/compute?rule=&from=&extend=: the due date with its citation."""
    context = _compute_context(request)
    if request.htmx:
        return render(request, "deadlines/_compute_result.html", context)
    return render(request, "deadlines/rules.html", {"rules": all_rules(), **context})
