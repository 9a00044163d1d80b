"""Building an answer to a lay question from the statute library: cited articles with the
matching passages marked, a confidence figure, the topic, a plain next step and the services
that fit. Pure reads; services.ask stores the result.

Confidence shown is the share of the question's content words (statutes.search.tokenize.words)
that occur in the cited articles: a plain measure a citizen can be told about. Whether the answer
is *low confidence* — the page then says the library found no clear match and offers a lawyer
instead of presenting the articles as the answer (issue #3 §3) — is decided by how far the best
article leads the tenth (`lead`, in the search engine's score units) when the search index
ranked at least LEAD_RANK articles: below settings.CONSULT_MIN_LEAD the answer is low
confidence. Measured on the 309 STARD questions (`make bench-consult` prints it): a lead below
9.5 marks the weakest 20 % of questions, and only 13 % of those have a relevant article among
the first three, against 62 % of the others; the word share separates them much less (area
under the ROC curve 0.81 for the lead, 0.69 for the word share). Without an index (text-match
fallback, no scores) or with fewer results, the word share below LOW_CONFIDENCE decides.
The threshold belongs to the engine's weights (statutes/search/index.py): recalibrate it with
`make bench-consult` when they change.
"""
import dataclasses
import re

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from smartjustice.statutes.search import lay_terms
from smartjustice.statutes.search.tokenize import words
from smartjustice.statutes.selectors import search_articles

from .choices import Topic

ARTICLES_SHOWN = 5
LOW_CONFIDENCE = 0.5
LEAD_RANK = 10
_SENTENCE_END = re.compile(r"(?<=[。；！？\n])")

# Words of a question or of its cited law's title that point to a topic. Generic domain words
# (the names of the branches of law and their everyday equivalents), not tuned to any question set.
TOPIC_WORDS = {
    Topic.LABOUR: ("劳动", "工资", "加班", "辞退", "解雇", "社保", "社会保险", "工伤", "用人单位", "劳动合同"),
    Topic.FAMILY: ("婚姻", "离婚", "结婚", "配偶", "夫妻", "子女", "抚养", "赡养", "继承", "遗嘱", "彩礼", "收养"),
    Topic.TORT: ("侵权", "赔偿", "交通事故", "受伤", "人身损害", "医疗", "伤残", "精神损害", "咬伤"),
    Topic.CONTRACT: ("合同", "借款", "欠款", "借条", "债务", "担保", "保证", "违约", "租赁", "买卖"),
    Topic.PROPERTY: ("土地", "房屋", "宅基地", "承包", "物业", "不动产", "拆迁", "征收", "所有权"),
    Topic.ADMINISTRATIVE: ("行政", "处罚", "罚款", "复议", "许可", "政府", "信息公开", "拘留"),
    Topic.CRIMINAL: ("刑法", "犯罪", "刑事", "判刑", "有期徒刑", "诈骗", "盗窃", "报警"),
}

NEXT_STEPS = {
    Topic.LABOUR: _("Keep your contract, pay slips and attendance records. Talk to the employer first; "
                    "if that fails, apply to the labour dispute arbitration committee — arbitration comes "
                    "before a lawsuit in labour disputes, and the time limit is one year."),
    Topic.FAMILY: _("Write down the facts and dates and keep documents such as the marriage certificate and "
                    "bank records. Many family disputes can be settled through people's mediation, free of charge."),
    Topic.TORT: _("Keep medical records, receipts and photos, and the police accident report if there is one. "
                  "Use the compensation calculator for a first estimate, then try to settle or ask a lawyer."),
    Topic.CONTRACT: _("Collect the contract, IOUs, transfer records and messages. Ask the other side in writing "
                      "to perform; claims generally lapse three years after you knew of the problem."),
    Topic.PROPERTY: _("Keep certificates, contracts and official notices. Disputes over land or housing can go to "
                      "mediation first; decisions of the government can be challenged by reconsideration."),
    Topic.ADMINISTRATIVE: _("Keep the written decision. You can apply for administrative reconsideration within "
                            "60 days of learning of the decision, or sue in court."),
    Topic.CRIMINAL: _("If you are in danger, call 110. For a criminal matter, talk to a lawyer; if you cannot afford "
                      "one, apply for legal aid."),
    Topic.OTHER: _("Read the articles below and keep any documents about your matter. If you are unsure what they "
                   "mean for you, ask a lawyer."),
}
LOW_CONFIDENCE_STEP = _("We could not find articles that clearly match your question. Please describe what happened "
                        "in other words, or ask a lawyer — that is more reliable than a guess.")


@dataclasses.dataclass(frozen=True)
class Offer:
    """A service that fits the question; `url_name` is reversed where that service exists."""

    key: str
    label: str
    url_name: str


OFFERS = {
    "legal_aid": Offer("legal_aid", _("Apply for legal aid"), "aid:apply"),
    "calculator": Offer("calculator", _("Calculate compensation"), "calculators:index"),
    "mediation": Offer("mediation", _("Request mediation"), "mediation:apply"),
    "reconsideration": Offer("reconsideration", _("Apply for administrative reconsideration"),
                             "reconsideration:apply"),
    "lawyer": Offer("lawyer", _("Ask a lawyer"), "consult:ask-lawyer"),
}
OFFERS_BY_TOPIC = {
    Topic.LABOUR: ["calculator", "mediation", "legal_aid"],
    Topic.FAMILY: ["mediation", "legal_aid"],
    Topic.TORT: ["calculator", "mediation", "legal_aid"],
    Topic.CONTRACT: ["mediation"],
    Topic.PROPERTY: ["mediation", "reconsideration"],
    Topic.ADMINISTRATIVE: ["reconsideration", "legal_aid"],
    Topic.CRIMINAL: ["legal_aid"],
    Topic.OTHER: [],
}


# Reconsideration is against an administrative act (《行政复议法》第二条): a property question is
# offered it only when it is about one (征收, 拆迁, a decision, a registration), not for a quarrel
# between neighbours.
GOVERNMENT_ACT_WORDS = (*TOPIC_WORDS[Topic.ADMINISTRATIVE], "征收", "拆迁", "决定", "登记", "确权")


def _about_an_administrative_act(question: str) -> bool:
    return any(word in question for word in GOVERNMENT_ACT_WORDS)


def offer_link(key: str) -> str:
    """The URL of an offered service, or "" while that service is not installed."""
    try:
        return reverse(OFFERS[key].url_name)
    except NoReverseMatch:
        return ""


@dataclasses.dataclass
class Answer:
    citations: list[dict]
    confidence: float
    is_low_confidence: bool
    topic: str
    next_step: str  # a key of NEXT_STEPS, or "low"
    offers: list[str]


def classify(question: str, citations: list[dict]) -> str:
    """The topic whose words occur most in the question, then in the cited laws' titles;
    OTHER when none occurs."""
    text = question + " " + " ".join(item["law_title"] for item in citations[:3])
    best, best_count = Topic.OTHER, 0
    for topic, topic_words in TOPIC_WORDS.items():
        count = sum(text.count(word) for word in topic_words)
        if count > best_count:
            best, best_count = topic, count
    return str(best)


def passages(text: str, terms: set[str]) -> list[list]:
    """The article as [segment, is_match] pairs: each sentence split at the question's terms,
    so a template can mark the matches without trusting any HTML."""
    if not terms:
        return [[text, False]]
    pattern = re.compile("|".join(re.escape(term) for term in sorted(terms, key=len, reverse=True)))
    segments: list[list] = []
    position = 0
    for match in pattern.finditer(text):
        if match.start() > position:
            segments.append([text[position:match.start()], False])
        segments.append([match.group(0), True])
        position = match.end()
    if position < len(text):
        segments.append([text[position:], False])
    return segments


def _citation(article, terms: set[str]) -> dict:
    law = article.law
    return {
        "article_id": article.pk,
        "citation": f"{law.title}{article.label}",
        "law_title": law.title,
        "version": law.version_label,
        "is_current": law.is_current,
        "label": article.label,
        "url": article.get_absolute_url(),
        "passages": passages(article.text, terms),
        "excerpt": _excerpt(article.text, terms),
        "repealed": _repeal(law),
    }


EXCERPT_FROM = 150  # characters: a longer article of several paragraphs opens on its best one


def _excerpt(text: str, terms: set[str]) -> list[list] | None:
    """The paragraph (款) of a long article that holds most of the question's words, as
    passages, so a phone shows the relevant part first and the rest on request; None when the
    article is short or one paragraph."""
    paragraphs = [paragraph for paragraph in text.split("\n") if paragraph.strip()]
    if len(text) <= EXCERPT_FROM or len(paragraphs) < 2 or not terms:
        return None
    best = max(paragraphs, key=lambda paragraph: sum(paragraph.count(term) for term in terms))
    if not any(term in best for term in terms):
        return None
    return passages(best, terms)


def _repeal(law) -> dict | None:
    """How the cited law stopped being in force, kept with the answer (statutes.repeals): the
    provision that repealed it, or the law it interprets."""
    if not law.is_repealed:
        return None
    by = law.repealed_by
    return {"basis": law.repeal_basis,
            "citation": f"{by.law.title}{by.label}" if by else "",
            "url": by.get_absolute_url() if by else ""}


def answer_lead(ranked) -> float | None:
    """How far the best article's score leads the LEAD_RANK-th one, or None when the ranking has
    no scores (text-match fallback) or fewer articles."""
    if len(ranked) < LEAD_RANK or ranked[0].score <= 0:
        return None
    return ranked[0].score - ranked[LEAD_RANK - 1].score


def answer(question: str, *, context: str = "") -> Answer:
    """Retrieve and explain. `context` is the conversation's earlier questions: a follow-up such
    as "那赔偿多少?" is searched together with them, but only the new question's words are marked."""
    query = f"{context} {question}".strip() if context else question
    question_words = set(words(question))
    # Single characters (归, 钱) would mark half of every article; keep them only when the
    # question has nothing longer.
    terms = {term for term in question_words if len(term) > 1} or question_words
    # The statutory words the search added for everyday ones (老板 → 用人单位) are marked too,
    # so the person sees why the article was found.
    marked = terms | {term for term in lay_terms.expand(sorted(question_words)) if len(term) > 1}
    ranked = search_articles(query[-500:], limit=max(ARTICLES_SHOWN, LEAD_RANK))
    results = ranked[:ARTICLES_SHOWN]
    citations = [_citation(result.article, marked) for result in results]
    found = " ".join(result.article.text for result in results)
    confidence = (sum(1 for term in terms if term in found) / len(terms)) if terms and citations else 0.0
    lead = answer_lead(ranked)
    if not citations:
        is_low = True
    elif lead is not None:
        is_low = lead < settings.CONSULT_MIN_LEAD
    else:
        is_low = confidence < LOW_CONFIDENCE
    topic = classify(query, citations)
    offers = [offer for offer in OFFERS_BY_TOPIC[topic]
              if not (topic == Topic.PROPERTY and offer == "reconsideration") or _about_an_administrative_act(query)]
    if is_low and "legal_aid" not in offers:
        offers.append("legal_aid")
    offers.append("lawyer")
    return Answer(citations=citations, confidence=round(confidence, 2), is_low_confidence=is_low, topic=topic,
                  next_step="low" if is_low else topic, offers=offers)


def next_step_text(key: str) -> str:
    """The plain-language next step for a stored key, in the active language."""
    if key == "low":
        return str(LOW_CONFIDENCE_STEP)
    return str(NEXT_STEPS.get(key, NEXT_STEPS[Topic.OTHER]))
