"""Calculator pages: one mobile-first page per calculator, a GET form so a result can be
bookmarked, printed or saved; each item shows its formula and citation.
"""
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from smartjustice.core.errors import DomainError

from . import services
from .registry import CALCULATORS


def index(request):
    """/calculators/: every calculator."""
    return render(request, "calculators/index.html", {"calculators": CALCULATORS.values()})


def _parse_lines(kind: str, text: str) -> list[dict]:
    entries = []
    for line in text.splitlines():
        parts = [part.strip() for part in line.replace("，", ",").split(",") if part.strip()]
        if not parts:
            continue
        if kind == "dependants":
            entry = {"age": parts[0], "kind": parts[1] if len(parts) > 1 else ""}
            if len(parts) > 2:
                entry["supporters"] = parts[2]
        else:
            entry = {"relation": parts[0], "orphan_or_solitary": len(parts) > 1 and parts[1] in ("yes", "是", "true")}
        entries.append(entry)
    return entries


def form_data(calculator, params) -> dict:
    """The calculator's input from the page's query string (empty fields left out)."""
    data = {}
    for field in calculator.fields:
        if field.kind == "bool":
            data[field.key] = params.get(field.key) == "on"
            continue
        value = params.get(field.key, "").strip()
        if not value:
            continue
        data[field.key] = _parse_lines(field.kind, value) if field.kind in ("dependants", "relations") else value
    return data


def calculator_page(request, name):
    """/calculators/NAME?...: the form and, once submitted, the itemised result."""
    calculator = CALCULATORS.get(name)
    if calculator is None:
        raise Http404(_("There is no such calculator."))
    context = {"calculator": calculator, "values": request.GET, "result": None, "error": None,
               "error_field": None,
               "fields": [(field, calculator.labels.get(field.key, field.key), request.GET.get(field.key, ""))
                          for field in calculator.fields]}
    if request.GET.get("submitted"):
        try:
            result = services.calculate(name, form_data(calculator, request.GET))
            context["result"] = result
            context["result_json"] = result.as_json()
        except DomainError as exc:
            context["error"] = str(exc)
            context["error_field"] = exc.field
    return render(request, "calculators/calculator.html", context)
