"""Low confidence: the lead of the best article over the tenth decides when the index ranked
ten; the share of the question's words found decides otherwise (answering.py)."""
import pytest

from smartjustice.legalservice.consult import answering
from smartjustice.statutes.selectors import SearchResult


@pytest.fixture
def articles(law_library):
    from smartjustice.statutes.models import Article

    return list(Article.objects.filter(law__is_current=True).select_related("law").order_by("id")[:10])


def ranked(articles, scores):
    """A ranking with these scores (the test library has five articles: they repeat)."""
    return [SearchResult(articles[i % len(articles)], score) for i, score in enumerate(scores)]


def test_the_lead_is_the_best_score_minus_the_tenth(articles):
    assert answering.answer_lead(ranked(articles, [30.0, 25, 24, 23, 22, 21, 20, 19, 18, 17.5])) == 12.5


def test_no_lead_with_fewer_than_ten_articles_or_without_scores(articles):
    assert answering.answer_lead(ranked(articles, [30.0] * 9)) is None
    assert answering.answer_lead(ranked(articles, [0.0] * 10)) is None


@pytest.mark.parametrize("tenth, expected_low", [(20.5, False), (21.0, False), (21.5, True)])
def test_a_small_lead_marks_the_answer_low_confidence(articles, monkeypatch, settings, tenth, expected_low):
    settings.CONSULT_MIN_LEAD = 9.0
    scores = [30.0, 29, 28, 27, 26, 25, 24, 23, 22, tenth]
    monkeypatch.setattr(answering, "search_articles", lambda query, limit: ranked(articles, scores))
    # The question's words all occur in the articles (full word share): the lead alone decides.
    question = articles[0].text[:12]

    result = answering.answer(question)

    assert result.is_low_confidence is expected_low
    assert result.next_step == ("low" if expected_low else result.topic)
    assert len(result.citations) == answering.ARTICLES_SHOWN == 5


def test_without_ten_ranked_articles_the_word_share_decides(articles, monkeypatch, settings):
    settings.CONSULT_MIN_LEAD = 1000.0  # would mark everything low if it applied
    monkeypatch.setattr(answering, "search_articles", lambda query, limit: ranked(articles, [5.0, 4.0, 3.0]))

    found = answering.answer(articles[0].text[:12])
    not_found = answering.answer("邻居家的树挡住了我家阳光")

    assert (found.is_low_confidence, not_found.is_low_confidence) == (False, True)


def test_a_cited_article_of_a_repealed_law_carries_the_provision_that_repealed_it(articles):
    from smartjustice.statutes.models import Law

    cited, repealing = articles[0], articles[-1]
    Law.objects.filter(pk=cited.law_id).update(repeal_basis="named", repealed_by=repealing)
    cited.law.refresh_from_db()

    item = answering._citation(cited, set())

    assert item["repealed"] == {"basis": "named", "citation": f"{repealing.law.title}{repealing.label}",
                                "url": repealing.get_absolute_url()}
    assert answering._citation(repealing, set())["repealed"] is None


@pytest.mark.parametrize("question, offered", [
    ("邻居装修把我家的房屋墙体弄裂了", False),       # a property quarrel between neighbours
    ("政府征收我家房屋的补偿太低", True),             # an administrative act (征收)
    ("房屋登记的名字写错了怎么办", True),
])
def test_reconsideration_is_offered_for_property_questions_only_about_an_administrative_act(
        law_library, monkeypatch, question, offered):
    monkeypatch.setattr(answering, "classify", lambda question, citations: "property")

    reply = answering.answer(question)

    assert ("reconsideration" in reply.offers) is offered
    assert reply.offers[-1] == "lawyer"


def test_a_long_article_of_several_paragraphs_opens_on_the_paragraph_with_most_of_the_question():
    first = "用人单位应当依法建立和完善劳动规章制度，保障劳动者享有劳动权利、履行劳动义务。" * 2
    second = "用人单位应当按时足额支付工资，不得克扣或者无故拖欠劳动者的工资。"
    text = f"{first}\n{second}\n{first}"

    assert answering._excerpt(text, {"工资", "拖欠"}) == [
        ["用人单位应当按时足额支付", False], ["工资", True], ["，不得克扣或者无故", False], ["拖欠", True],
        ["劳动者的", False], ["工资", True], ["。", False]]
    assert answering._excerpt(second, {"工资"}) is None                    # short
    assert answering._excerpt(first * 3, {"劳动"}) is None                 # one paragraph
    assert answering._excerpt(text, {"离婚"}) is None                      # no paragraph holds the words


def test_an_administrative_question_is_offered_reconsideration_whatever_its_words(law_library, monkeypatch):
    monkeypatch.setattr(answering, "classify", lambda question, citations: "administrative")

    reply = answering.answer("城管没收了我的三轮车")

    assert reply.offers[:2] == ["reconsideration", "legal_aid"]
