"""The interviews as data: steps of questions, each with its kind, whether it is required,
help text, a condition (`show_if`) and validation. The engine (engine.py) reads these; the
wording of the documents lives in templates/documents/wording/, not here.

Question kinds: text, textarea, date, money, count (a whole number 1–99), phone, id_number, choice.
`show_if = (key, value)`: the question is asked (and required) only when that answer is given.
"""
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from . import limits


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
    allow_zero: bool = False  # money: 0 is a true answer (e.g. no income), not a mistake


@dataclass(frozen=True)
class Step:
    title: str
    questions: tuple[Question, ...]


@dataclass(frozen=True)
class DeadlineSpec:
    """A period the document is bound by: a deadline-engine rule (an id of
    smartjustice/deadlines/rules.py, or a Rule of limits.py) counted from the answer `anchor`,
    applicable when `show_if` holds (same form as a question's)."""

    rule: object
    anchor: str
    show_if: tuple | None = None


@dataclass(frozen=True)
class DocumentSpec:
    kind: str
    title: str
    summary: str
    steps: tuple[Step, ...]
    wording_template: str
    deadlines: tuple[DeadlineSpec, ...] = ()  # the first that applies is computed and shown
    prefill_keys: dict = field(default_factory=dict)  # calculator field → question key


GENDERS = (("男", _("male")), ("女", _("female")))
YES_NO = (("是", _("yes")), ("否", _("no")))


ABOUT_YOU = _("About you")


def applicant_step(title=ABOUT_YOU, *, id_required: bool = False, extra: tuple = ()) -> Step:
    """Who the person is: every document names its author the same way."""
    return Step(title, (
        Question("applicant_name", _("Your full name")),
        Question("applicant_gender", _("Gender"), "choice", choices=GENDERS, required=False),
        Question("applicant_birth", _("Date of birth"), "date", required=False, not_after_today=True),
        Question("applicant_id_number", _("ID card number"), "id_number", required=id_required,
                 help=_("18 characters; shown only in your document.")),
        *extra,
        Question("applicant_address", _("Address")),
        Question("applicant_phone", _("Phone number"), "phone"),
    ))


APPLICANT = applicant_step()
LABOUR = ("dispute", "劳动争议")
LOAN = ("dispute", "民间借贷纠纷")

DOCUMENTS = {spec.kind: spec for spec in (
    DocumentSpec(
        kind="reconsideration_application",
        title=_("Application for administrative reconsideration (行政复议申请书)"),
        summary=_("Ask the reconsideration body to review an administrative act that affects you."),
        wording_template="documents/wording/reconsideration_application.txt",
        deadlines=(DeadlineSpec("reconsideration.apply", "known_on"),),
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
        deadlines=(DeadlineSpec(limits.LABOUR_AWARD_SUIT, "award_received_on", show_if=LABOUR),),
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
            # A labour dispute reaches court only after arbitration (《劳动争议调解仲裁法》第五条),
            # within 15 days of receiving the award (第四十八条、第五十条).
            Step(_("The employment and the arbitration"), (
                Question("employment_start", _("The day you started work there"), "date", show_if=LABOUR,
                         not_after_today=True),
                Question("job_title", _("Your job"), show_if=LABOUR, help=_("e.g. 车间操作工")),
                Question("employment_end", _("The day the employment ended, if it has"), "date", required=False,
                         show_if=LABOUR, not_after_today=True),
                Question("arbitration_commission", _("The labour arbitration commission"), show_if=LABOUR,
                         help=_("e.g. 桐乡市劳动人事争议仲裁委员会")),
                Question("award_number", _("The award and its number"), show_if=LABOUR,
                         help=_("e.g. 桐劳人仲案字〔2025〕第88号仲裁裁决书")),
                Question("award_received_on", _("The day you received the award"), "date", show_if=LABOUR,
                         not_after_today=True,
                         help=_("You may sue within 15 days of this day (《劳动争议调解仲裁法》第四十八条、第五十条).")),
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
    DocumentSpec(
        kind="labour_arbitration_application",
        title=_("Application for labour arbitration (劳动仲裁申请书)"),
        summary=_("Ask the labour dispute arbitration commission to decide a dispute with your employer."),
        wording_template="documents/wording/labour_arbitration_application.txt",
        prefill_keys={"total": "claim_amount", "breakdown": "claim_breakdown"},
        # 《劳动争议调解仲裁法》第二十七条: one year from knowing of the infringement (第一款);
        # wages while employed are not limited, after the end one year from the end (第四款).
        deadlines=(DeadlineSpec(limits.LABOUR_WAGE_LIMITATION, "employment_end", show_if=("wages_only", "是")),
                   DeadlineSpec(limits.LABOUR_ARBITRATION_LIMITATION, "known_on", show_if=("wages_only", "否"))),
        steps=(
            # What the application must state: 《劳动争议调解仲裁法》第二十八条第二款.
            applicant_step(extra=(Question("applicant_occupation", _("Occupation"), required=False),)),
            Step(_("The employer"), (
                Question("employer_name", _("Employer's full name"), help=_("as on its business licence")),
                Question("employer_address", _("Employer's address")),
                Question("employer_representative", _("Legal representative or person in charge")),
                Question("employer_representative_title", _("Their position"), required=False,
                         help=_("e.g. 执行董事")),
                Question("employer_phone", _("Employer's phone number"), "phone", required=False),
            )),
            Step(_("Your employment"), (
                Question("employment_start", _("The day you started work there"), "date", not_after_today=True),
                Question("job_title", _("Your job"), help=_("e.g. 车间操作工")),
                Question("monthly_wage", _("Your monthly wage (yuan)"), "money", required=False),
                Question("employment_ended", _("Has the employment ended?"), "choice", choices=YES_NO),
                Question("employment_end", _("The day the employment ended"), "date", not_after_today=True,
                         show_if=("employment_ended", "是")),
                Question("wages_only", _("Do you claim only wages (劳动报酬) owed to you?"), "choice", choices=YES_NO,
                         help=_("While the employment lasts, unpaid wages have no time limit; once it has ended, "
                                "apply within one year of the end (《劳动争议调解仲裁法》第二十七条第四款).")),
                Question("known_on", _("The day you knew or should have known your rights were infringed"), "date",
                         not_after_today=True, show_if=("wages_only", "否"),
                         help=_("The time limit is one year from this day (《劳动争议调解仲裁法》第二十七条第一款).")),
            )),
            Step(_("Your claims"), (
                Question("requests", _("What you ask the commission to decide"), "textarea",
                         help=_("one claim per line, e.g. 裁决被申请人支付拖欠工资24000元")),
                Question("claim_amount", _("Total amount claimed (yuan), if any"), "money", required=False),
                Question("claim_breakdown", _("How the amount is made up"), "textarea", required=False,
                         max_length=3000),
                Question("facts_and_reasons", _("Facts and reasons"), "textarea", max_length=5000),
                Question("evidence", _("Evidence and where it comes from; witnesses and their addresses"),
                         "textarea", required=False, max_length=3000),
                Question("commission", _("The labour arbitration commission"),
                         help=_("where the contract was performed or the employer is (《劳动争议调解仲裁法》第二十一条), "
                                "e.g. 桐乡市劳动人事争议仲裁委员会")),
            )),
        ),
    ),
    DocumentSpec(
        kind="civil_defence",
        title=_("Statement of defence (民事答辩状)"),
        summary=_("Answer a civil lawsuit brought against you."),
        wording_template="documents/wording/civil_defence.txt",
        deadlines=(DeadlineSpec(limits.CIVIL_DEFENCE, "served_on"),),
        steps=(
            applicant_step(),
            Step(_("The case"), (
                Question("plaintiff_name", _("Plaintiff's name (person or company)")),
                Question("plaintiff_address", _("Plaintiff's address"), required=False),
                Question("cause", _("Cause of action"), help=_("as on the complaint, e.g. 民间借贷纠纷")),
                Question("case_number", _("Case number"), required=False, help=_("e.g. （2025）浙0483民初123号")),
                Question("court", _("Court")),
                Question("served_on", _("The day you received the copy of the complaint"), "date",
                         not_after_today=True,
                         help=_("The defence is due within 15 days of this day (《民事诉讼法》第一百二十八条).")),
            )),
            Step(_("Your answer"), (
                Question("defence_request", _("What you ask the court to decide"), "textarea",
                         help=_("e.g. 请求驳回原告的全部诉讼请求")),
                Question("facts_and_reasons", _("Facts and reasons"), "textarea", max_length=5000),
                Question("evidence", _("Evidence and where it comes from"), "textarea", required=False,
                         max_length=3000),
            )),
        ),
    ),
    DocumentSpec(
        kind="legal_aid_application",
        title=_("Application for legal aid (法律援助申请表)"),
        summary=_("Ask the legal aid centre for a lawyer free of charge."),
        wording_template="documents/wording/legal_aid_application.txt",
        steps=(
            applicant_step(id_required=True),
            Step(_("The matter"), (
                # The civil and administrative matters of 《法律援助法》第三十一条.
                Question("matter_type", _("What is the matter?"), "choice", choices=(
                    ("依法请求国家赔偿", _("state compensation")),
                    ("请求给予社会保险待遇或者社会救助", _("social insurance benefits or social assistance")),
                    ("请求发给抚恤金", _("a survivor's pension (抚恤金)")),
                    ("请求给付赡养费、抚养费、扶养费", _("maintenance or child support")),
                    ("请求确认劳动关系或者支付劳动报酬", _("confirming an employment or unpaid wages")),
                    ("请求认定公民无民事行为能力或者限制民事行为能力", _("declaring a person without legal capacity")),
                    ("请求工伤事故、交通事故、食品药品安全事故、医疗事故人身损害赔偿",
                     _("compensation for a work, traffic, food or drug, or medical accident")),
                    ("请求环境污染、生态破坏损害赔偿", _("compensation for pollution or ecological damage")),
                    ("其他", _("another matter")),
                ), help=_("the matters of 《法律援助法》第三十一条")),
                Question("opponent_name", _("The other party"), required=False),
                Question("handling_body", _("The court or body dealing with it, if any"), required=False,
                         help=_("Apply where that body is, or where the dispute arose (《法律援助法》第三十八条).")),
                Question("matter_summary", _("What happened and what you need help with"), "textarea",
                         max_length=3000),
            )),
            Step(_("Your financial situation"), (
                Question("exemption", _("Do you belong to a group whose finances are not checked?"), "choice",
                         choices=(
                             ("否", _("no")),
                             ("第一项", _("a minor, elderly or disabled person without fixed income")),
                             ("第二项", _("a recipient of social assistance, judicial assistance or special care")),
                             ("第三项", _("a migrant worker claiming wages or work-injury compensation")),
                         ), help=_("《法律援助法》第四十二条; bring the proof with you.")),
                Question("household_size", _("People in your household"), "count", show_if=("exemption", "否")),
                Question("household_income", _("Household income per month (yuan)"), "money", allow_zero=True,
                         show_if=("exemption", "否"), help=_("0 if there is none")),
                Question("financial_statement", _("Your financial difficulty, in your words"), "textarea",
                         show_if=("exemption", "否"), max_length=2000,
                         help=_("You must describe it truthfully (《法律援助法》第四十一条).")),
                Question("aid_agency", _("The legal aid agency"), help=_("e.g. 桐乡市法律援助中心")),
            )),
        ),
    ),
    DocumentSpec(
        kind="mediation_application",
        title=_("Application for people's mediation (人民调解申请书)"),
        summary=_("Ask a people's mediation committee to help settle a dispute, free of charge."),
        wording_template="documents/wording/mediation_application.txt",
        steps=(
            applicant_step(),
            Step(_("The other party"), (
                Question("respondent_name", _("The other party's name")),
                Question("respondent_address", _("The other party's address"), required=False),
                Question("respondent_phone", _("The other party's phone number"), "phone", required=False),
            )),
            Step(_("The dispute"), (
                Question("dispute_type", _("Kind of dispute"), help=_("e.g. 邻里纠纷、婚姻家庭纠纷、损害赔偿纠纷")),
                Question("mediation_request", _("What you hope the mediation achieves"), "textarea"),
                Question("facts_and_reasons", _("Facts and reasons"), "textarea", max_length=5000),
                Question("committee", _("The people's mediation committee"),
                         help=_("e.g. 梧桐街道人民调解委员会")),
            )),
        ),
    ),
)}
