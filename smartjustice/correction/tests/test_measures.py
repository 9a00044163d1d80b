"""The rewards and sanctions ladder (《社区矫正法》第二十八条) and its documents."""
import datetime as dt

import pytest

from smartjustice.core.errors import NotFound
from smartjustice.correction import services
from smartjustice.correction.errors import MeasureNotApplicable, ReasonRequired, StateConflict
from smartjustice.correction.models import Measure

from .conftest import audit_count
from .factories import register


def test_a_warning_is_decided_with_a_numbered_document_citing_article_28(subject, officer):
    measure = services.impose_measure(subject, "warning", facts="2026年2月5日未经批准离开桐乡市。", acting_user=officer)

    assert (measure.status, measure.document_number) == ("decided", "tx-wutong〔2026〕警1号")
    assert measure.citation == "《社区矫正法》第二十八条第一款"
    assert "社区矫正警告决定书" in measure.document_text
    assert "2026年2月5日未经批准离开桐乡市。" in measure.document_text
    assert measure.decision_due_on is None
    assert audit_count("correction.measure.warning") == 1


def test_a_revocation_proposal_gives_the_court_30_days(subject, officer):
    measure = services.impose_measure(subject, "propose_revoke_probation", facts="受到二次警告仍不改正。", acting_user=officer)

    assert measure.status == "proposed"
    assert measure.decision_due_on == dt.date(2026, 3, 12)
    assert "《刑法》第七十七条" in measure.citation and "第四十八条第一款" in measure.citation
    assert "撤销缓刑建议书" in measure.document_text
    assert "原审人民法院或执行地人民法院（抄送人民检察院）" in measure.document_text


@pytest.mark.parametrize("kind", ["propose_revoke_parole", "propose_committal"])
def test_measures_for_other_types_are_refused_for_probation(subject, officer, kind):
    with pytest.raises(MeasureNotApplicable):
        services.impose_measure(subject, kind, facts="严重违反监督管理规定。", acting_user=officer)

    assert Measure.objects.count() == 0


def test_committal_is_proposed_for_temporary_execution_outside_prison(frozen, officer, org_tree):
    subject = register(officer, org_tree["wutong"], subject_type="temporary_outside",
                       sentence_expires_on=dt.date(2026, 12, 31))

    measure = services.impose_measure(subject, "propose_committal", facts="保外就医情形消失，刑期未满。", acting_user=officer)

    assert "第四十九条" in measure.citation and "《刑事诉讼法》第二百六十八条第一款" in measure.citation


def test_a_measure_without_facts_is_refused(subject, officer):
    with pytest.raises(ReasonRequired):
        services.impose_measure(subject, "admonition", facts=" ", acting_user=officer)

    assert Measure.objects.count() == 0


def test_a_supervisor_cannot_decide_a_measure(subject, supervisor):
    with pytest.raises(NotFound):
        services.impose_measure(subject, "warning", facts="未按时报告。", acting_user=supervisor)

    assert Measure.objects.count() == 0


def test_the_ladder_suggests_a_warning_then_revocation(subject, officer):
    assert services.suggest_next_measure(subject) == (None, "")

    services.impose_measure(subject, "admonition", facts="未按时报告。", acting_user=officer)
    services.impose_measure(subject, "admonition", facts="再次未按时报告。", acting_user=officer)
    assert services.suggest_next_measure(subject)[0] == "warning"

    services.impose_measure(subject, "warning", facts="拒不报告。", acting_user=officer)
    services.impose_measure(subject, "warning", facts="再次拒不报告。", acting_user=officer)
    kind, why = services.suggest_next_measure(subject)
    assert kind == "propose_revoke_probation"
    assert "第五百四十三条第一款第四项" in why


def test_a_proposal_gets_the_deciding_organs_outcome_once(subject, officer):
    measure = services.impose_measure(subject, "propose_penalty", facts="违反监督管理规定。", acting_user=officer)

    services.record_measure_outcome(measure, upheld=True, acting_user=officer)
    with pytest.raises(StateConflict):
        services.record_measure_outcome(measure, upheld=False, acting_user=officer)

    measure.refresh_from_db()
    assert measure.status == "upheld"
