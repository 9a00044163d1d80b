"""Periods the documents need that the deadline rule table (smartjustice/deadlines/rules.py)
does not have yet. They are deadline-engine `Rule`s, computed by the same engine with the
same holiday calendar; only their home differs (the deadlines app belongs to another team).

Each article was read in shared/laws before it was cited here:
* 《劳动争议调解仲裁法》(2007-12-29) 第二十七条第一款: "劳动争议申请仲裁的时效期间为一年。仲裁时效
  期间从当事人知道或者应当知道其权利被侵害之日起计算。"
* 同条第四款: a claim for wages while the employment lasts is not limited; "劳动关系终止的，应当自
  劳动关系终止之日起一年内提出。"
* 同法第四十八条、第五十条: a worker who does not accept the award "可以自收到仲裁裁决书之日起十五
  日内向人民法院提起诉讼".
* 《民事诉讼法》(2023-09-01) 第一百二十八条第一款: "被告应当在收到之日起十五日内提出答辩状"
  (第二款: not answering does not stop the trial).

A limitation period (时效) can be interrupted or suspended (第二十七条第二款、第三款): the date
shown assumes neither happened, and the interview says so.
"""
from django.utils.translation import gettext_lazy as _

from smartjustice.deadlines.rules import CIVIL_PROCEDURE, DAY, YEAR, Rule, cite

LABOUR_DISPUTE = ("劳动争议调解仲裁法", "2007-12-29")

LABOUR_ARBITRATION_LIMITATION = Rule(
    id="documents.labour_arbitration_limitation", domain="labour",
    title=_("Limitation period for labour arbitration"),
    anchor_event=_("the day you knew or should have known your rights were infringed"),
    amount=1, unit=YEAR, citations=(cite(LABOUR_DISPUTE, "第二十七条", "第一款"),),
    notes=_("Interrupted when you claim from the employer or ask an authority for help, suspended by "
            "force majeure (第二十七条第二款、第三款); the date assumes neither happened."),
)
LABOUR_WAGE_LIMITATION = Rule(
    id="documents.labour_wage_limitation", domain="labour",
    title=_("Limitation period for unpaid wages after the employment ended"),
    anchor_event=_("the day the employment ended"),
    amount=1, unit=YEAR, citations=(cite(LABOUR_DISPUTE, "第二十七条", "第四款"),),
)
LABOUR_AWARD_SUIT = Rule(
    id="documents.labour_award_suit", domain="labour",
    title=_("Sue in court against a labour arbitration award"),
    anchor_event=_("the day you received the arbitration award"),
    amount=15, unit=DAY, citations=(cite(LABOUR_DISPUTE, "第四十八条"), cite(LABOUR_DISPUTE, "第五十条")),
)
CIVIL_DEFENCE = Rule(
    id="documents.civil_defence", domain="civil",
    title=_("Submit a statement of defence"),
    anchor_event=_("the day you received the copy of the complaint"),
    amount=15, unit=DAY, citations=(cite(CIVIL_PROCEDURE, "第一百二十八条", "第一款"),),
    notes=_("Not answering does not stop the court from hearing the case (第一百二十八条第二款)."),
)
