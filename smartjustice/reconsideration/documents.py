"""The standard documents of a 行政复议 case: wording apart from rendering (STYLE §1).

The wording of each document is a text template in templates/reconsideration/documents/
(always Simplified Chinese: these are official documents, whatever the reader's language).
`compose` fills it into blocks; the DOCX and PDF come from the documents app's renderer
(smartjustice.legalservice.documents.render: python-docx, and fpdf2 with Noto Sans SC from
the justmytype-intl-cjk package embedded), so every legal document of the platform looks
the same and carries its verification code, content hash and QR code.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

from smartjustice.core import clock
from smartjustice.legalservice.documents.render import parse_blocks, to_docx, to_pdf

from .choices import DECISION_ARTICLE, DecisionType, DocumentKind, Procedure

LAW = "《中华人民共和国行政复议法》"
TITLES = {
    DocumentKind.ACCEPTANCE_NOTICE: "行政复议受理通知书",
    DocumentKind.CORRECTION_NOTICE: "补正行政复议申请通知书",
    DocumentKind.NON_ACCEPTANCE_DECISION: "不予受理行政复议申请决定书",
    DocumentKind.COPY_NOTICE: "行政复议答复通知书",
    DocumentKind.HEARING_NOTICE: "行政复议听证通知书",
    DocumentKind.MEDIATION_AGREEMENT: "行政复议调解书",
    DocumentKind.DECISION: "行政复议决定书",
}
PROCEDURE_TEXT = {Procedure.ORDINARY: "普通程序", Procedure.SIMPLIFIED: "简易程序"}
# The operative words of each decision type (第六十三条 to 第六十九条, 第三十三条).
DECISION_TEXT = {
    DecisionType.VARY: "变更被申请人作出的{act}",
    DecisionType.REVOKE: "撤销被申请人作出的{act}",
    DecisionType.CONFIRM_ILLEGAL: "确认被申请人作出的{act}违法",
    DecisionType.ORDER_PERFORMANCE: "责令被申请人在法定期限内履行法定职责",
    DecisionType.CONFIRM_INVALID: "确认被申请人作出的{act}无效",
    DecisionType.MAINTAIN: "维持被申请人作出的{act}",
    DecisionType.REJECT_REQUEST: "驳回申请人的行政复议请求",
    DecisionType.DISMISS_APPLICATION: "驳回申请人的行政复议申请",
}
DECISION_NAME = {
    DecisionType.VARY: "变更", DecisionType.REVOKE: "撤销", DecisionType.CONFIRM_ILLEGAL: "确认违法",
    DecisionType.ORDER_PERFORMANCE: "责令履行", DecisionType.CONFIRM_INVALID: "确认无效",
    DecisionType.MAINTAIN: "维持", DecisionType.REJECT_REQUEST: "驳回行政复议请求",
    DecisionType.DISMISS_APPLICATION: "驳回行政复议申请",
}


def chinese_date(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = clock.legal_date(value)
    return f"{value.year}年{value.month}月{value.day}日"


def act_words(case) -> str:
    """"桐市监罚〔2026〕15号行政处罚决定" or the applicant's description of the act."""
    kind = str(case.get_act_type_display()) if case.act_type else "行政行为"
    if case.act_document_number:
        return f"{case.act_document_number}{'行政处罚决定' if case.act_type == 'penalty' else '行政行为'}"
    return case.act_description or kind


def _due(case, rule_id: str) -> dt.date | None:
    deadline = case_deadline_any(case, rule_id)
    return deadline.effective_due_on if deadline is not None else None


def context(case, kind: str, event) -> dict:
    """Everything the wording templates may use (dates already in Chinese form)."""
    from . import deadlines as periods

    procedure = case.procedure or Procedure.ORDINARY
    session = None
    if kind == DocumentKind.HEARING_NOTICE:
        session = case.sessions.filter(kind="hearing").order_by("-id").first()
    decide_deadline = case_deadline_any(case, periods.DECIDE[procedure])
    decision_words = ""
    if case.decision_type in DECISION_TEXT:
        decision_words = DECISION_TEXT[case.decision_type].format(act=act_words(case))
    return {
        "case": case, "title": TITLES[kind], "law": LAW,
        "applicants": list(case.applicants.all()), "agents": list(case.agents.all()),
        "applicant_names": "、".join(a.name for a in case.applicants.all()),
        "act": act_words(case), "procedure_text": PROCEDURE_TEXT.get(procedure, ""),
        "is_simplified": procedure == Procedure.SIMPLIFIED,
        "received": chinese_date(case.received_on), "accepted": chinese_date(case.accepted_on),
        "event_date": chinese_date(event.occurred_at), "issued_on": chinese_date(clock.today()),
        "correction_due": chinese_date(_due(case, periods.CORRECTION_SUBMIT)),
        "reply_due": chinese_date(_due(case, periods.REPLY[procedure])),
        "decide_due": chinese_date(decide_deadline.effective_due_on) if decide_deadline else "",
        "is_extended": bool(decide_deadline and decide_deadline.is_extended),
        "session": session,
        "session_time": (session.scheduled_for.astimezone(clock.LEGAL_TZ).strftime("%Y年%-m月%-d日 %H:%M")
                         if session else ""),
        "agreement": getattr(case, "agreement", None) if kind == DocumentKind.MEDIATION_AGREEMENT else None,
        "decision_name": DECISION_NAME.get(case.decision_type, ""),
        "decision_words": decision_words,
        "decision_citation": f"{LAW}{DECISION_ARTICLE[case.decision_type]}" if case.decision_type else "",
    }


def case_deadline_any(case, rule_id):
    """The latest deadline row of `rule_id`, met or not (the step that issues a document may
    already have marked its period met)."""
    from smartjustice.deadlines.selectors import get_deadlines_for_object

    return get_deadlines_for_object(case).filter(rule_id=rule_id).order_by("-id").first()


def compose(case, kind: str, event) -> list[dict]:
    """The document's blocks: its wording template filled for this case."""
    text = render_to_string(f"reconsideration/documents/{kind}.txt", context(case, kind, event))
    return parse_blocks(text)


def content_hash(blocks: list[dict]) -> str:
    canonical = json.dumps(blocks, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def verification_url(code: str) -> str:
    """The absolute address printed in the QR code. Documents are made in the background,
    without a request, so the site's address comes from settings.PUBLIC_BASE_URL, else the
    first named host of ALLOWED_HOSTS."""
    base = getattr(settings, "PUBLIC_BASE_URL", "") or ""
    if not base:
        hosts = [host for host in settings.ALLOWED_HOSTS if host and not host.startswith((".", "*"))]
        base = f"https://{hosts[0]}" if hosts else "https://localhost"
    return base.rstrip("/") + reverse("reconsideration:verify", args=[code])


def render(blocks: list[dict], *, code: str, digest: str, generated_on: dt.date) -> tuple[bytes, bytes]:
    """(DOCX bytes, PDF bytes) of the same blocks, each ending with code, hash and QR."""
    options = {"code": code, "content_hash": digest, "generated_on": generated_on.isoformat(),
               "url": verification_url(code)}
    return to_docx(blocks, **options), to_pdf(blocks, **options)
