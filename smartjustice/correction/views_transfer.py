"""Pages of the change of execution place (变更执行地, 《社区矫正法》第二十七条第二款): the office
decides an application to move (a move to another county is referred to its county
institution), the county institution decides the change, the new county institution receives
the file. Thin: reads through selectors_transfer, changes through services."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from smartjustice.core.errors import DomainError

from . import selectors_transfer as selectors
from . import services
from .choices import RequestStatus, TransferStatus
from .forms import ResidenceDecisionForm, TransferAcceptForm, TransferDecisionForm
from .services import transfers as transfer_services
from .views import not_found_as_404


@login_required
@not_found_as_404
def decide_residence(request, change_id):
    """The office's decision on an application to move; another county means a referral."""
    row = selectors.access_residence_change(request.user, change_id)
    form = ResidenceDecisionForm(request.POST or None, options=selectors.receiving_options(row.subject))
    status = 200
    if request.method == "POST" and row.status == RequestStatus.SUBMITTED:
        status = 400
        if form.is_valid():
            try:
                decided = services.decide_residence_change(
                    row, approve=request.POST.get("approve") == "yes", acting_user=request.user,
                    note=form.cleaned_data["note"], receiving_org=form.cleaned_data["receiving_org"])
            except DomainError as exc:
                form.add_domain_error(exc)
                status = exc.http_status
            else:
                messages.success(request, {
                    RequestStatus.REFERRED: _("The move to another county was passed to the county institution for its decision."),
                    RequestStatus.APPROVED: _("The move was approved and the address on file changed."),
                }.get(decided.status, _("Decision recorded.")))
                return redirect("correction:workbench")
    elif request.method == "POST":
        status = 409
        form.add_error(None, _("This application has already been decided."))
    return render(request, "correction/residence_decide.html", {"row": row, "form": form}, status=status)


@login_required
@not_found_as_404
def transfer_detail(request, transfer_id):
    """A change of execution place: its state and document; the decision form for the head of
    the sending county institution while it awaits the decision."""
    transfer = selectors.access_transfer(request.user, transfer_id)
    may_decide = (transfer.status == TransferStatus.PROPOSED
                  and transfer_services.holds_at(request.user, transfer_services.DECIDE, transfer.sending_county))
    form = TransferDecisionForm(request.POST or None, options=selectors.receiving_options(transfer.subject)) \
        if may_decide or request.method == "POST" else None
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                if request.POST.get("decision") == "refuse":
                    transfer_services.refuse_transfer(transfer, acting_user=request.user, note=form.cleaned_data["note"])
                    messages.success(request, _("The change of execution place was refused."))
                else:
                    decided = transfer_services.decide_transfer(transfer, acting_user=request.user,
                                                                 receiving_org=form.cleaned_data["receiving_org"])
                    messages.success(request, _("Decision %(number)s issued; %(county)s was notified.") % {
                        "number": decided.document_number, "county": decided.receiving_county.name})
                return redirect("correction:transfer", transfer_id=transfer.pk)
            except DomainError as exc:
                if exc.http_status == 404:
                    raise Http404 from None
                form.add_domain_error(exc)
                status = exc.http_status
    return render(request, "correction/transfer.html", {"transfer": transfer, "form": form, "may_decide": may_decide},
                  status=status)


@login_required
def incoming_transfers(request):
    """The receiving institution's list: files awaiting receipt, and the latest received."""
    institutions = list(selectors.institutions_for(request.user, transfer_services.RECEIVE))
    if not institutions:
        raise Http404
    return render(request, "correction/transfers_incoming.html", {
        "institutions": institutions, "waiting": selectors.incoming_transfers(request.user),
        "received": selectors.received_transfers(request.user)})


@login_required
@not_found_as_404
def accept_transfer(request, transfer_id):
    """Receipt (接收) by the new county institution: the executing office and the forwarding of
    the documents to the local procuratorate and police."""
    transfer = selectors.access_incoming_transfer(request.user, transfer_id)
    form = TransferAcceptForm(request.POST or None, offices=selectors.offices_under(transfer.receiving_county),
                              initial={"office": transfer.proposed_office_id})
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                done = transfer_services.accept_transfer(
                    transfer, acting_user=request.user, office=data["office"], forwarded_on=data["forwarded_on"],
                    forwarded_to_procuratorate=data["forwarded_to_procuratorate"],
                    forwarded_to_police=data["forwarded_to_police"], note=data["note"])
            except DomainError as exc:
                if exc.http_status == 404:
                    raise Http404 from None
                form.add_domain_error(exc)
                status = exc.http_status
            else:
                messages.success(request, _("%(name)s's file was received; %(office)s now executes the correction.") % {
                    "name": done.subject.real_name, "office": done.to_office.name})
                return redirect("correction:incoming_transfers")
    return render(request, "correction/transfer_accept.html", {"transfer": transfer, "form": form,
                                                               "is_open": transfer.status == TransferStatus.DECIDED},
                  status=status)
