"""Documents (issue #4 §5): issued at their step as DOCX and PDF stored on the case, each with
the case number, the parties, what was decided, its legal basis and a verification code."""
import io

import pytest
from django.urls import reverse

from smartjustice.audit.models import AuditEntry
from smartjustice.core.errors import PermissionDenied
from smartjustice.files.models import StoredFile
from smartjustice.reconsideration import services
from smartjustice.reconsideration.choices import DecisionType, DocumentKind, Procedure, SessionKind
from smartjustice.reconsideration.errors import GuardFailed
from smartjustice.reconsideration.models import CaseDocument

pytestmark = pytest.mark.django_db


def docx_text(stored: StoredFile) -> str:
    from docx import Document

    with stored.blob.open("rb") as handle:
        return "\n".join(p.text for p in Document(io.BytesIO(handle.read())).paragraphs)


def pdf_text(stored: StoredFile) -> str:
    from pypdf import PdfReader

    with stored.blob.open("rb") as handle:
        return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(handle.read())).pages)


def flat(text: str) -> str:
    # A PDF line may break anywhere in Chinese text: compare without line breaks or spaces.
    return "".join(text.split())


def examined(case, people):
    case = services.accept_application(case, acting_user=people["officer"], procedure=Procedure.ORDINARY)
    case = services.send_copy(case, acting_user=people["officer"])
    return services.record_reply(case, acting_user=people["respondent_officer"], text="处罚事实清楚。")


def test_decision_to_revoke_is_issued_as_docx_and_pdf_with_number_parties_and_basis(
        submitted, people, django_capture_on_commit_callbacks):
    case = examined(submitted, people)

    with django_capture_on_commit_callbacks(execute=True):
        services.decide(case, acting_user=people["officer"], decision_type=DecisionType.REVOKE,
                        summary="被申请人认定事实的主要证据不足。")

    document = CaseDocument.objects.get(case=case, kind=DocumentKind.DECISION)
    for text in (docx_text(document.docx), flat(pdf_text(document.pdf))):
        for expected in ("行政复议决定书", case.case_number, "张秀英", "桐乡市市场监督管理局",
                         "撤销被申请人作出的桐市监罚〔2026〕15号行政处罚决定", "《中华人民共和国行政复议法》第六十四条",
                         "被申请人认定事实的主要证据不足", document.verification_code):
            assert expected in text, expected
    assert (document.docx.owner, document.pdf.owner) == (case, case)
    assert document.pdf.original_name == f"行政复议决定书-{case.case_number}.pdf"
    assert document.content_hash in docx_text(document.docx)
    assert AuditEntry.objects.filter(action="reconsideration.document.issued", object_id=str(document.pk)).count() == 1


@pytest.mark.parametrize("steps, kind, expected", [
    ([], DocumentKind.CORRECTION_NOTICE, ["补正行政复议申请通知书", "请提交行政处罚决定书复印件", "第三十一条第一款",
                                          "2026年3月2日"]),
    ([], DocumentKind.NON_ACCEPTANCE_DECISION, ["不予受理行政复议申请决定书", "不属于行政复议范围", "第三十条第二款"]),
    ([], DocumentKind.ACCEPTANCE_NOTICE, ["行政复议受理通知书", "2026年2月10日起予以受理", "普通程序", "期限至2026年4月13日届满"]),
    (["accept"], DocumentKind.COPY_NOTICE, ["行政复议答复通知书", "桐乡市市场监督管理局：", "第四十八条", "第七十条"]),
    (["accept", "copy", "reply"], DocumentKind.HEARING_NOTICE, ["行政复议听证通知书", "2026年3月10日 09:30",
                                                               "桐乡市行政复议局听证室", "第五十一条第一款"]),
    (["accept", "copy", "reply", "mediation"], DocumentKind.MEDIATION_AGREEMENT,
     ["行政复议调解书", "罚款减为100元", "第七十三条第一款", "被申请人确认：桐乡市市场监督管理局"]),
])
def test_each_document_is_issued_at_its_step(submitted, people, frozen, django_capture_on_commit_callbacks, steps,
                                             kind, expected):
    import datetime as dt

    from smartjustice.core.clock import LEGAL_TZ

    officer, case = people["officer"], submitted
    for step in steps:
        case = {
            "accept": lambda c: services.accept_application(c, acting_user=officer, procedure=Procedure.ORDINARY),
            "copy": lambda c: services.send_copy(c, acting_user=officer),
            "reply": lambda c: services.record_reply(c, acting_user=people["respondent_officer"], text="答复。"),
            "mediation": lambda c: (services.schedule_session(c, acting_user=officer, kind=SessionKind.MEDIATION,
                                                              scheduled_for=dt.datetime(2026, 3, 3, 9, tzinfo=LEGAL_TZ)),
                                    services.draft_agreement(c, acting_user=officer, terms="罚款减为100元。"),
                                    services.confirm_agreement(c, acting_user=people["applicant"]))[-1],
        }[step](case)
    last = {
        DocumentKind.CORRECTION_NOTICE: lambda: services.request_correction(
            case, acting_user=officer, items=["请提交行政处罚决定书复印件"]),
        DocumentKind.NON_ACCEPTANCE_DECISION: lambda: services.refuse_acceptance(
            case, acting_user=officer, reasons="该事项不属于行政复议范围。"),
        DocumentKind.ACCEPTANCE_NOTICE: lambda: services.accept_application(
            case, acting_user=officer, procedure=Procedure.ORDINARY),
        DocumentKind.COPY_NOTICE: lambda: services.send_copy(case, acting_user=officer),
        DocumentKind.HEARING_NOTICE: lambda: services.schedule_session(
            case, acting_user=officer, kind=SessionKind.HEARING, place="桐乡市行政复议局听证室",
            scheduled_for=dt.datetime(2026, 3, 10, 9, 30, tzinfo=LEGAL_TZ)),
        DocumentKind.MEDIATION_AGREEMENT: lambda: services.confirm_agreement(
            case, acting_user=people["respondent_officer"]),
    }[kind]

    with django_capture_on_commit_callbacks(execute=True):
        last()

    document = CaseDocument.objects.get(case=case, kind=kind)
    text = flat(pdf_text(document.pdf))
    for phrase in [submitted.case_number, document.verification_code, *expected]:
        assert phrase in docx_text(document.docx), phrase
        assert flat(phrase) in text, phrase


def test_issuing_twice_for_the_same_step_returns_the_first(submitted, people):
    case = services.accept_application(submitted, acting_user=people["officer"], procedure=Procedure.ORDINARY)
    first = services.issue_document(case, DocumentKind.ACCEPTANCE_NOTICE, acting_user=people["officer"])
    counts = (StoredFile.objects.count(), AuditEntry.objects.count())

    again = services.issue_document(case, DocumentKind.ACCEPTANCE_NOTICE, acting_user=people["officer"])

    assert again.pk == first.pk
    assert (StoredFile.objects.count(), AuditEntry.objects.count()) == counts


def test_a_document_of_a_later_step_is_refused_and_nothing_is_stored(submitted, people):
    counts = (StoredFile.objects.count(), AuditEntry.objects.count(), CaseDocument.objects.count())

    with pytest.raises(GuardFailed):
        services.issue_document(submitted, DocumentKind.DECISION, acting_user=people["officer"])

    assert (StoredFile.objects.count(), AuditEntry.objects.count(), CaseDocument.objects.count()) == counts


@pytest.mark.parametrize("actor", ["applicant", "respondent_officer", "other_officer", "supervisor"])
def test_only_the_body_issues_documents_on_demand(submitted, people, actor):
    case = services.accept_application(submitted, acting_user=people["officer"], procedure=Procedure.ORDINARY)
    counts = (StoredFile.objects.count(), AuditEntry.objects.count())

    with pytest.raises(PermissionDenied):
        services.issue_document(case, DocumentKind.ACCEPTANCE_NOTICE, acting_user=people[actor])

    assert (StoredFile.objects.count(), AuditEntry.objects.count()) == counts


def test_deemed_acceptance_queues_no_document_and_the_officer_issues_it(
        submitted, people, frozen, django_capture_on_commit_callbacks):
    import datetime as dt

    frozen.move_to(dt.datetime(2026, 2, 25, 9))
    with django_capture_on_commit_callbacks(execute=True):
        case = services.deem_accepted(submitted)
    assert not CaseDocument.objects.exists()
    assert services.missing_documents(case) == [DocumentKind.ACCEPTANCE_NOTICE]

    document = services.issue_document(case, DocumentKind.ACCEPTANCE_NOTICE, acting_user=people["officer"])

    assert "视为受理" in docx_text(document.docx)
    assert services.missing_documents(case) == []


def test_documents_are_listed_and_downloadable_on_the_parties_pages(client, submitted, people):
    case = services.accept_application(submitted, acting_user=people["officer"], procedure=Procedure.ORDINARY)
    document = services.issue_document(case, DocumentKind.ACCEPTANCE_NOTICE, acting_user=people["officer"])

    for user, url in ((people["applicant"], reverse("reconsideration:case", args=[case.pk])),
                      (people["officer"], reverse("reconsideration:officer_case", args=[case.pk]))):
        client.force_login(user)
        page = client.get(url).content.decode()
        assert "行政复议受理通知书" in page and document.verification_code in page
        assert reverse("files:download", args=[document.pdf_id]) in page
        assert client.get(reverse("files:download", args=[document.pdf_id])).status_code == 200
    client.force_login(people["other_applicant"])
    assert client.get(reverse("files:download", args=[document.pdf_id])).status_code == 404


def test_verification_page_confirms_a_code_and_rejects_an_unknown_one(client, submitted, people):
    case = services.accept_application(submitted, acting_user=people["officer"], procedure=Procedure.ORDINARY)
    document = services.issue_document(case, DocumentKind.ACCEPTANCE_NOTICE, acting_user=people["officer"])

    found = client.get(reverse("reconsideration:verify", args=[document.verification_code.lower()]))
    missing = client.get(reverse("reconsideration:verify", args=["ZZZZZZZZZZ"]))

    assert found.status_code == 200
    assert case.case_number in found.content.decode() and document.content_hash in found.content.decode()
    assert "张秀英" not in found.content.decode()
    assert missing.status_code == 404
