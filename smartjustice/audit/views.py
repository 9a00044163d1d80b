"""Audit search page and CSV export (issue #2 §4). Supervisors and administrators only;
anyone else gets the same 404 as for a page that does not exist."""
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import render
from django.utils.http import urlencode
from django.views.decorators.http import require_GET

from smartjustice.core import clock

from .export import export_entries_csv
from .forms import AuditSearchForm
from .selectors import LEGAL_TIME_ZONE, change_rows, local_time, may_search, search_entries

PAGE_SIZE = 50


def _form(request, action: str) -> AuditSearchForm:
    data = request.GET if any(name in request.GET for name in AuditSearchForm.base_fields) else None
    return AuditSearchForm(data, user=request.user, action=action)


@login_required
@require_GET
def search(request):
    if not may_search(request.user, "audit.view"):
        raise Http404
    form = _form(request, "audit.view")
    page = None
    query = ""
    if form.is_bound and not form.is_valid():
        entries = None
    else:
        filters = form.cleaned_data if form.is_bound else {}
        query = urlencode(form.filters()) if form.is_bound else ""
        page = Paginator(search_entries(request.user, filters), PAGE_SIZE).get_page(request.GET.get("page"))
        for entry in page.object_list:
            entry.local_time = local_time(entry)
            entry.change_rows = change_rows(entry.changes)
        entries = page.object_list
    return render(request, "audit/search.html", {
        "form": form, "page": page, "entries": entries, "query": query,
        "can_export": may_search(request.user, "audit.export"),
    })


@login_required
@require_GET
def export_csv(request):
    if not may_search(request.user, "audit.export"):
        raise Http404
    form = _form(request, "audit.export")
    if form.is_bound and not form.is_valid():
        # Nothing is exported or recorded; the page shows the same specific messages.
        return render(request, "audit/search.html", {"form": form, "page": None, "entries": None,
                                                     "query": "", "can_export": True}, status=400)
    if not form.is_bound:
        form = AuditSearchForm({}, user=request.user, action="audit.export")
        form.is_valid()
    lines = export_entries_csv(request.user, form)
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    stamp = clock.now().astimezone(LEGAL_TIME_ZONE).strftime("%Y%m%d-%H%M%S")
    response["Content-Disposition"] = f'attachment; filename="audit-{stamp}.csv"'
    return response
