"""The inbox pages. Thin: selectors read, services write (STYLE §2)."""
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from smartjustice.core.errors import NotFound

from . import selectors, services

PAGE_SIZE = 30


@login_required
@require_GET
def inbox(request):
    page = Paginator(selectors.notifications_for_user(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "notifications/inbox.html", {
        "page": page, "unread_count": selectors.unread_count(request.user),
    })


@login_required
@require_POST
def mark_read(request, pk):
    try:
        notification = services.mark_read(pk, acting_user=request.user)
    except NotFound:
        raise Http404() from None
    if request.htmx:
        return render(request, "notifications/_item.html", {"notification": notification})
    return redirect("notifications:inbox")


@login_required
@require_POST
def mark_all_read(request):
    services.mark_all_read(acting_user=request.user)
    return redirect("notifications:inbox")
