"""The interviews as data: steps of questions, each with its kind, whether it is required,
help text, a condition (`show_if`) and validation. The engine (engine.py) reads these; the
wording of the documents lives in templates/documents/wording/, not here.

Question kinds: text, textarea, date, money, phone, id_number, choice.
`show_if = (key, value)`: the question is asked (and required) only when that answer is given.
"""
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Question:
    key: str
    label: str
    kind: str = "text"
    required: bool = True
    help: str = ""
    choices: tuple = ()
    show_if: tuple | None = None
    max_length: int = 500
    not_after_today: bool = False


@dataclass(frozen=True)
class Step:
    title: str
    questions: tuple[Question, ...]


@dataclass(frozen=True)
class DocumentSpec:
    kind: str
    title: str
    summary: str
    steps: tuple[Step, ...]
    wording_template: str
    deadline_rule: str | None = None  # deadline engine rule id
    deadline_anchor: str | None = None  # the answer the period is counted from
    prefill_keys: dict = field(default_factory=dict)  # calculator field → question key


APPLICANT = Step(_("About you"), (
    Question("applicant_name", _("Your full name")),
    Question("applicant_gender", _("Gender"), "choice", choices=(("男", _("male")), ("女", _("female"))), required=False),
    Question("applicant_birth", _("Date of birth"), "date", required=False, not_after_today=True),
    Question("applicant_id_number", _("ID card number"), "id_number", required=False,
             help=_("18 characters; shown only in your document.")),
    Question("applicant_address", _("Address")),
    Question("applicant_phone", _("Phone number"), "phone"),
))

DOCUMENTS = {spec.kind: spec for spec in (
    DocumentSpec(
        kind="reconsideration_application",
        title=_("Application for administrative reconsideration (行政复议申请书)"),
        summary=_("Ask the reconsideration body to review an administrative act that affects you."),
        wording_template="documents/wording/reconsideration_application.txt",
        deadline_rule="reconsideration.apply", deadline_anchor="known_on",
        steps=(
            APPLICANT,
            Step(_("The administrative act"), (
                Question("respondent", _("The authority that made the decision (respondent)"),
                         help=_("e.g. 桐乡市市场监督管理局")),
                Question("act_name", _("The decision and its document number"),
                         help=_("e.g. 桐市监罚〔2025〕12号行政处罚决定书")),
                Question("known_on", _("The day you received or learned of the decision"), "date",
                         not_after_today=True,
                         help=_("You have 60 days from this day to apply (《行政复议法》第二十条).")),
                Question("reconsideration_body", _("The reconsideration body"),
                         help=_("usually the county-level people's government, e.g. 桐乡市人民政府")),
            )),
            Step(_("What you ask for and why"), (
                Question("request", _("What you ask the reconsideration body to decide"), "textarea",
                         help=_("e.g. 请求撤销上述行政处罚决定")),
                Question("facts_and_reasons", _("Facts and reasons"), "textarea", max_length=5000),
            )),
        ),
    ),
    DocumentSpec(
        kind="civil_complaint",
        title=_("Civil complaint (民事起诉状)"),
        summary=_("Start a civil lawsuit: a private loan, a labour dispute or a personal-injury claim."),
        wording_template="documents/wording/civil_complaint.txt",
        prefill_keys={"total": "claim_amount", "breakdown": "claim_breakdown"},
        steps=(
            Step(_("Kind of case"), (
                Question("dispute", _("What is the dispute about?"), "choice", choices=(
                    ("民间借贷纠纷", _("a private loan (民间借贷)")),
                    ("劳动争议", _("a labour dispute (劳动争议)")),
                    ("生命权、身体权、健康权纠纷", _("a personal injury")),
                )),
            )),
            APPLICANT,
            Step(_("The defendant"), (
                Question("defendant_name", _("Defendant's name (person or company)")),
                Question("defendant_address", _("Defendant's address")),
                Question("defendant_phone", _("Defendant's phone number"), "phone", required=False),
            )),
            Step(_("The loan"), (
                Question("loan_amount", _("Amount lent"), "money", show_if=("dispute", "民间借贷纠纷")),
                Question("loan_date", _("Date the money was lent"), "date", show_if=("dispute", "民间借贷纠纷"),
                         not_after_today=True),
                Question("loan_due_date", _("Agreed repayment date"), "date", required=False,
                         show_if=("dispute", "民间借贷纠纷")),
                Question("loan_interest", _("Agreed interest, if any"), required=False,
                         show_if=("dispute", "民间借贷纠纷"), help=_("e.g. 年利率3.45%; leave empty if none")),
            )),
            Step(_("Your claim"), (
                Question("claim_amount", _("Amount claimed (yuan)"), "money"),
                Question("claim_breakdown", _("How the amount is made up"), "textarea", required=False,
                         max_length=3000),
                Question("facts_and_reasons", _("Facts and reasons"), "textarea", max_length=5000),
                Question("court", _("Court"), help=_("e.g. 桐乡市人民法院")),
            )),
        ),
    ),
    DocumentSpec(
        kind="power_of_attorney",
        title=_("Power of attorney (授权委托书)"),
        summary=_("Authorise someone to act for you in a case."),
        wording_template="documents/wording/power_of_attorney.txt",
        steps=(
            APPLICANT,
            Step(_("Your agent and the matter"), (
                Question("agent_name", _("Agent's full name")),
                Question("agent_id_number", _("Agent's ID card number"), "id_number", required=False),
                Question("agent_phone", _("Agent's phone number"), "phone", required=False),
                Question("matter", _("The case or matter"), help=_("e.g. 与张三民间借贷纠纷一案")),
                Question("authority", _("Scope of authority"), "choice", choices=(
                    ("一般授权", _("general authority")),
                    ("特别授权：代为承认、放弃、变更诉讼请求，进行和解，提起反诉或者上诉",
                     _("special authority: admit, waive or change claims, settle, counterclaim, appeal")),
                ), help=_("Special authority must be stated expressly (《民事诉讼法》第六十二条).")),
            )),
        ),
    ),
)}
