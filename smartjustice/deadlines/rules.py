"""The rule table: every statutory period the platform computes, as data (STYLE §5).

Each rule names the article that sets its length first, then, for working-day periods, the
article that makes it a working-day period. Periods were checked against the law texts in
shared/laws (versions per shared/domain/RULES.md §0); test_rules.py re-reads those texts and
fails if an article, paragraph or the period's wording is not there. Differences from
RULES.md / rules.json are listed in RULES_NOTES.md.

Which "N日" are working days: 《行政复议法》第八十八条第二款 (三日、五日、七日、十日 only) and
《行政处罚法》第八十五条 (二日、三日、五日、七日); every other period here is in calendar days
(《民法典》第二百零四条: the civil-law method applies unless a law says otherwise).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .engine import COUNTING_BASIS, UNIT_LABELS, Unit
from .errors import UnknownRule

# Law versions used (file names in shared/laws), per RULES.md §0.
RECONSIDERATION = ("行政复议法", "2023-09-01")  # in force 2024-01-01 (第九十条)
PENALTY = ("行政处罚法", "2021-01-22")
LEGAL_AID = ("法律援助法", "2021-08-20")
CORRECTION = ("社区矫正法", "2019-12-28")
MEDIATION = ("人民调解法", "2010-08-28")
CIVIL_PROCEDURE = ("民事诉讼法", "2023-09-01")
ADMIN_LITIGATION = ("行政诉讼法", "2017-06-27")


@dataclass(frozen=True)
class Citation:
    """One article (条), optionally narrowed to a paragraph (款) and item (项)."""

    law: str  # short title, as in the corpus file name: "行政复议法"
    version: str  # the version's date in the corpus file name: "2023-09-01"
    article: str  # "第六十二条"
    paragraph: str = ""  # "第一款"
    item: str = ""  # "第一项"

    @property
    def text(self) -> str:
        return f"《{self.law}》{self.article}{self.paragraph}{self.item}"


def cite(law: tuple[str, str], article: str, paragraph: str = "", item: str = "") -> Citation:
    return Citation(law=law[0], version=law[1], article=article, paragraph=paragraph, item=item)


def join_citations(citations: tuple[Citation, ...]) -> str:
    """《行政复议法》第三十条第一款、第八十八条第二款; 《民事诉讼法》第二百零五条"""
    parts: list[str] = []
    previous_law = None
    for citation in citations:
        if citation.law == previous_law:
            parts[-1] += f"、{citation.article}{citation.paragraph}{citation.item}"
        else:
            parts.append(citation.text)
        previous_law = citation.law
    return "；".join(parts)


def describe_period(amount: int, unit: Unit) -> str:
    """"60 days", "5 working days", "6 months" in the active language."""
    if unit is Unit.WORKING_DAY:
        return ngettext("%(n)s working day", "%(n)s working days", amount) % {"n": amount}
    if unit is Unit.MONTH:
        return ngettext("%(n)s month", "%(n)s months", amount) % {"n": amount}
    if unit is Unit.YEAR:
        return ngettext("%(n)s year", "%(n)s years", amount) % {"n": amount}
    return ngettext("%(n)s day", "%(n)s days", amount) % {"n": amount}


@dataclass(frozen=True)
class Extension:
    """How far a period may be extended, counted from its original due date."""

    max_amount: int | None  # None: the law sets no figure (never used without a lawyer's review)
    unit: Unit
    citations: tuple[Citation, ...]

    @property
    def citation(self) -> str:
        return join_citations(self.citations)

    def describe_cap(self) -> str:
        return describe_period(self.max_amount, self.unit) if self.max_amount is not None else ""


@dataclass(frozen=True)
class Rule:
    """A statutory period: what starts it, how long it is, and where the law says so."""

    id: str
    domain: str
    title: Promise
    anchor_event: Promise
    amount: int
    unit: Unit
    citations: tuple[Citation, ...]
    extension: Extension | None = None
    notes: Promise | str = ""
    source_id: str = ""  # the id in shared/domain/rules.json and RULES.md
    tags: tuple[str, ...] = field(default=())

    @property
    def citation(self) -> str:
        return join_citations(self.citations)

    @property
    def counting_basis(self) -> str:
        basis = COUNTING_BASIS[self.unit]
        if self.unit is Unit.WORKING_DAY and len(self.citations) > 1:
            basis = f"{self.citations[-1].text}; {basis}"
        return basis

    @property
    def period_label(self) -> str:
        return describe_period(self.amount, self.unit)

    @property
    def unit_label(self) -> str:
        return str(UNIT_LABELS[self.unit])

    def as_json(self) -> dict:
        data = {
            "id": self.id,
            "title": str(self.title),
            "amount": self.amount,
            "unit": str(self.unit),
            "citation": self.citation,
            "from": str(self.anchor_event),
        }
        if self.extension is not None:
            data["extension_max"] = self.extension.max_amount
            data["extension_unit"] = str(self.extension.unit)
            data["extension_citation"] = self.extension.citation
        return data


DAY, WD, MONTH, YEAR = Unit.CALENDAR_DAY, Unit.WORKING_DAY, Unit.MONTH, Unit.YEAR
AR_WD = cite(RECONSIDERATION, "第八十八条", "第二款")  # 三日、五日、七日、十日 are working days
AP_WD = cite(PENALTY, "第八十五条")  # 二日、三日、五日、七日 are working days

RULES: tuple[Rule, ...] = (
    # 行政复议 (《行政复议法》2023).
    Rule(
        id="reconsideration.apply", domain="reconsideration", source_id="AR-01",
        title=_("Apply for administrative reconsideration"),
        anchor_event=_("the day the applicant knew or should have known of the administrative act"),
        amount=60, unit=DAY, citations=(cite(RECONSIDERATION, "第二十条", "第一款"),),
        notes=_("A longer period set by another law prevails. Time lost to force majeure or another "
                "justified reason is not counted: the period continues once the obstacle is removed "
                "(第二十条第二款)."),
    ),
    Rule(
        id="reconsideration.apply_uninformed_limit", domain="reconsideration", source_id="AR-03",
        title=_("Outer limit to apply when the authority did not explain the right to reconsideration"),
        anchor_event=_("the day the applicant knew or should have known the content of the act"),
        amount=1, unit=YEAR, citations=(cite(RECONSIDERATION, "第二十条", "第三款"),),
    ),
    # Absolute cut-offs counted from the day the act was made (added by the reconsideration app).
    Rule(
        id="reconsideration.apply_absolute_limit", domain="reconsideration", source_id="AR-04",
        title=_("Absolute limit to apply for reconsideration (acts not concerning real property)"),
        anchor_event=_("the day the administrative act was made"),
        amount=5, unit=YEAR, citations=(cite(RECONSIDERATION, "第二十一条"),),
        notes=_("An application made later is not accepted (第二十一条)."),
    ),
    Rule(
        id="reconsideration.apply_absolute_limit_real_property", domain="reconsideration", source_id="AR-04",
        title=_("Absolute limit to apply for reconsideration (acts concerning real property)"),
        anchor_event=_("the day the administrative act was made"),
        amount=20, unit=YEAR, citations=(cite(RECONSIDERATION, "第二十一条"),),
        notes=_("An application made later is not accepted (第二十一条)."),
    ),
    Rule(
        id="reconsideration.forward_penalty_application", domain="reconsideration", source_id="AR-07",
        title=_("Penalising authority forwards a reconsideration application lodged through it"),
        anchor_event=_("the day the penalising authority received the application"),
        amount=5, unit=WD, citations=(cite(RECONSIDERATION, "第三十二条", "第二款"), AR_WD),
    ),
    Rule(
        id="reconsideration.accept_review", domain="reconsideration", source_id="AR-08",
        title=_("Review the application and decide on acceptance"),
        anchor_event=_("the day the reconsideration organ received the application"),
        amount=5, unit=WD, citations=(cite(RECONSIDERATION, "第三十条", "第一款"), AR_WD),
        notes=_("Without a written decision not to accept by this day, the application is deemed "
                "accepted (第三十条第三款)."),
    ),
    Rule(
        id="reconsideration.correction_notice", domain="reconsideration", source_id="AR-11",
        title=_("Send the one-time written notice to correct the application"),
        anchor_event=_("the day the reconsideration organ received the application"),
        amount=5, unit=WD, citations=(cite(RECONSIDERATION, "第三十一条", "第一款"), AR_WD),
    ),
    Rule(
        id="reconsideration.correction_submit", domain="reconsideration", source_id="AR-12",
        title=_("Applicant submits the correction materials"),
        anchor_event=_("the day the applicant received the correction notice"),
        amount=10, unit=WD, citations=(cite(RECONSIDERATION, "第三十一条", "第二款"), AR_WD),
        notes=_("The organ may allow a reasonable longer time for a justified reason; the law sets no "
                "figure, so the new date is recorded by the officer. Without a justified reason, "
                "missing the date counts as abandoning the application."),
    ),
    Rule(
        id="reconsideration.send_copy_ordinary", domain="reconsideration", source_id="AR-15",
        title=_("Send the application copy to the respondent (ordinary procedure)"),
        anchor_event=_("the day the application was accepted"),
        amount=7, unit=WD, citations=(cite(RECONSIDERATION, "第四十八条"), AR_WD),
    ),
    Rule(
        id="reconsideration.respondent_reply", domain="reconsideration", source_id="AR-16",
        title=_("Respondent replies in writing and submits its evidence (ordinary procedure)"),
        anchor_event=_("the day the respondent received the application copy"),
        amount=10, unit=WD, citations=(cite(RECONSIDERATION, "第四十八条"), AR_WD),
        notes=_("Without a reply, evidence and basis the act is treated as having none (第七十条)."),
    ),
    Rule(
        id="reconsideration.send_copy_simplified", domain="reconsideration", source_id="AR-17",
        title=_("Send the application copy to the respondent (simplified procedure)"),
        anchor_event=_("the day the application was accepted"),
        amount=3, unit=WD, citations=(cite(RECONSIDERATION, "第五十四条", "第一款"), AR_WD),
    ),
    Rule(
        id="reconsideration.respondent_reply_simplified", domain="reconsideration", source_id="AR-18",
        title=_("Respondent replies in writing and submits its evidence (simplified procedure)"),
        anchor_event=_("the day the respondent received the application copy"),
        amount=5, unit=WD, citations=(cite(RECONSIDERATION, "第五十四条", "第一款"), AR_WD),
    ),
    Rule(
        id="reconsideration.decide_ordinary", domain="reconsideration", source_id="AR-24",
        title=_("Decide the case (ordinary procedure)"),
        anchor_event=_("the day the application was accepted"),
        amount=60, unit=DAY, citations=(cite(RECONSIDERATION, "第六十二条", "第一款"),),
        extension=Extension(max_amount=30, unit=DAY,
                            citations=(cite(RECONSIDERATION, "第六十二条", "第一款"),)),
        notes=_("A shorter period set by law prevails. Complex cases: extendable by at most 30 days with "
                "the approval of the head of the reconsideration institution, with written notice to "
                "the parties."),
    ),
    Rule(
        id="reconsideration.decide_simplified", domain="reconsideration", source_id="AR-26",
        title=_("Decide the case (simplified procedure)"),
        anchor_event=_("the day the application was accepted"),
        amount=30, unit=DAY, citations=(cite(RECONSIDERATION, "第六十二条", "第二款"),),
    ),
    Rule(
        id="reconsideration.extension_max", domain="reconsideration", source_id="AR-25",
        title=_("Latest decision date after the maximum extension (ordinary procedure)"),
        anchor_event=_("the day the ordinary 60-day decision period ends"),
        amount=30, unit=DAY, citations=(cite(RECONSIDERATION, "第六十二条", "第一款"),),
    ),
    Rule(
        id="reconsideration.sue_after_decision", domain="reconsideration", source_id="AR-31",
        title=_("Sue in court against the reconsideration decision"),
        anchor_event=_("the day the applicant received the reconsideration decision"),
        amount=15, unit=DAY, citations=(cite(ADMIN_LITIGATION, "第四十五条"),),
        notes=_("Not where a law makes the reconsideration decision final."),
    ),
    # 行政处罚 (《行政处罚法》2021).
    Rule(
        id="penalty.preservation_decision", domain="penalty", source_id="AP-04",
        title=_("Decide on evidence preserved by prior registration"),
        anchor_event=_("the day the evidence was registered and preserved"),
        amount=7, unit=WD, citations=(cite(PENALTY, "第五十六条"), AP_WD),
    ),
    Rule(
        id="penalty.hearing_request", domain="penalty", source_id="AP-05",
        title=_("Party requests a hearing"),
        anchor_event=_("the day the party was told of the right to a hearing"),
        amount=5, unit=WD, citations=(cite(PENALTY, "第六十四条", item="第一项"), AP_WD),
    ),
    Rule(
        id="penalty.decide", domain="penalty", source_id="AP-07",
        title=_("Make the administrative penalty decision"),
        anchor_event=_("the day the case was filed (立案)"),
        amount=90, unit=DAY, citations=(cite(PENALTY, "第六十条"),),
        notes=_("A law, regulation or rule may set another period."),
    ),
    Rule(
        id="penalty.serve_decision", domain="penalty", source_id="AP-08",
        title=_("Serve the penalty decision on a party absent when it was announced"),
        anchor_event=_("the day the decision was announced"),
        amount=7, unit=WD, citations=(cite(PENALTY, "第六十一条", "第一款"), AP_WD),
    ),
    Rule(
        id="penalty.pay_fine", domain="penalty", source_id="AP-11",
        title=_("Party pays the fine"),
        anchor_event=_("the day the party received the penalty decision"),
        amount=15, unit=DAY, citations=(cite(PENALTY, "第六十七条", "第三款"),),
        notes=_("Late payment: a surcharge of 3 per cent of the fine a day, at most the amount of the fine (第七十二条)."),
    ),
    # 法律援助 (《法律援助法》2021).
    Rule(
        id="legal_aid.review", domain="legal_aid", source_id="LA-03",
        title=_("Review a legal-aid application and decide"),
        anchor_event=_("the day the legal-aid institution received the application"),
        amount=7, unit=DAY, citations=(cite(LEGAL_AID, "第四十三条", "第一款"),),
        notes=_("Calendar days under the national law; the older Zhejiang regulation's 7 working days "
                "is not used (see RULES_NOTES.md)."),
    ),
    Rule(
        id="legal_aid.assign", domain="legal_aid", source_id="LA-04",
        title=_("Assign legal-aid personnel after granting aid"),
        anchor_event=_("the day the decision to grant aid was made"),
        amount=3, unit=DAY, citations=(cite(LEGAL_AID, "第四十三条", "第一款"),),
    ),
    Rule(
        id="legal_aid.objection_decision", domain="legal_aid", source_id="LA-06",
        title=_("Justice bureau decides on an objection to refused or terminated aid"),
        anchor_event=_("the day the justice bureau received the objection"),
        amount=5, unit=DAY, citations=(cite(LEGAL_AID, "第四十九条", "第二款"),),
    ),
    # 社区矫正 (《社区矫正法》2019).
    Rule(
        id="correction.notify_institution", domain="correction", source_id="CC-01",
        title=_("Decision organ notifies the community-correction institution"),
        anchor_event=_("the day the judgment, ruling or decision took effect"),
        amount=5, unit=DAY, citations=(cite(CORRECTION, "第二十条"),),
    ),
    Rule(
        id="correction.deliver_documents", domain="correction", source_id="CC-02",
        title=_("Decision organ delivers the legal documents"),
        anchor_event=_("the day the judgment, ruling or decision took effect"),
        amount=10, unit=DAY, citations=(cite(CORRECTION, "第二十条"),),
    ),
    Rule(
        id="correction.report_in", domain="correction", source_id="CC-03",
        title=_("Person under community correction reports to the institution"),
        anchor_event=_("the day the judgment or ruling took effect"),
        amount=10, unit=DAY, citations=(cite(CORRECTION, "第二十一条", "第一款"),),
        notes=_("For people sentenced to public surveillance, probation or parole."),
    ),
    # 人民调解 (《人民调解法》; 《民事诉讼法》2023).
    Rule(
        id="mediation.judicial_confirmation", domain="mediation", source_id="PM-01",
        title=_("Parties jointly apply to court for judicial confirmation of a mediation agreement"),
        anchor_event=_("the day the mediation agreement took effect"),
        amount=30, unit=DAY,
        citations=(cite(MEDIATION, "第三十三条", "第一款"), cite(CIVIL_PROCEDURE, "第二百零五条")),
    ),
)

RULES_BY_ID: dict[str, Rule] = {rule.id: rule for rule in RULES}
assert len(RULES_BY_ID) == len(RULES), "duplicate rule id"

REQUIRED_RULE_IDS = (
    "reconsideration.apply", "reconsideration.accept_review", "reconsideration.correction_submit",
    "reconsideration.respondent_reply", "reconsideration.decide_ordinary",
    "reconsideration.decide_simplified", "reconsideration.extension_max", "penalty.decide",
    "penalty.hearing_request", "penalty.serve_decision", "legal_aid.review", "correction.report_in",
    "mediation.judicial_confirmation",
)


def get_rule(rule_id) -> Rule:
    """The rule with this id; UnknownRule otherwise."""
    key = str(rule_id).strip() if rule_id is not None else ""
    if not key:
        raise UnknownRule(_("Please choose a deadline rule."), field="rule")
    try:
        return RULES_BY_ID[key]
    except KeyError:
        raise UnknownRule(rule_id=key, field="rule") from None


def all_rules() -> tuple[Rule, ...]:
    return RULES
