"""Pages of the reconsideration app. Thin: access through selectors, writes through services."""
from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from smartjustice.core.errors import NotFound

from . import selectors


def _not_found():
    from django.http import Http404

    return Http404()


@login_required
def case_page(request, pk):
    try:
        case = selectors.access_own_case(request.user, pk)
    except NotFound:
        raise _not_found() from None
    return render(request, "reconsideration/case.html", {"case": case})


@login_required
def respondent_case(request, pk):
    try:
        case = selectors.access_respondent_case(request.user, pk)
    except NotFound:
        raise _not_found() from None
    return render(request, "reconsideration/respondent_case.html", {"case": case})
