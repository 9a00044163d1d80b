"""Pages: the public rule table and the calculator, with the citation next to every date."""
import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from smartjustice.deadlines import services
from smartjustice.deadlines.rules import RULES
from smartjustice.orgs.choices import Role

pytestmark = pytest.mark.django_db


def test_rules_page_is_public_and_lists_every_rule_with_its_citation(client):
    response = client.get(reverse("deadlines:rules"))

    assert response.status_code == 200
    html = response.content.decode()
    for rule in RULES:
        assert f'id="rule-{rule.id}"' in html
        assert rule.citation in html
    assert '<label for="id_rule">' in html and '<label for="id_from">' in html and '<label for="id_extend">' in html


def test_compute_shows_the_due_date_with_its_citation(client, loaded_holidays):
    response = client.get(reverse("deadlines:compute"), {"rule": "correction.report_in", "from": "2025-09-18"})

    html = response.content.decode()
    assert response.status_code == 200
    assert '<time datetime="2025-09-28">' in html
    assert '<cite class="citation">《社区矫正法》第二十一条第一款</cite>' in html


def test_htmx_request_gets_only_the_result_fragment(client, loaded_holidays):
    response = client.get(reverse("deadlines:compute"), {"rule": "legal_aid.review", "from": "2025-01-22"},
                          HTTP_HX_REQUEST="true")

    html = response.content.decode()
    assert "<html" not in html
    assert '<time datetime="2025-02-05">' in html
    assert "《民法典》第二百零三条第一款" in html  # rolled over the Spring Festival


def test_bad_input_shows_a_specific_alert(client, loaded_holidays):
    response = client.get(reverse("deadlines:compute"), {"rule": "legal_aid.review", "from": "2025-02-30"},
                          HTTP_HX_REQUEST="true")

    html = response.content.decode()
    assert '<p class="error" role="alert" id="compute-error">' in html
    assert "2025-02-30" in html


def test_due_include_renders_a_deadline_row(loaded_holidays, org_tree, make_user):
    officer = make_user(role=Role.RECONSIDERATION_OFFICER, org=org_tree["county"])
    deadline = services.open_deadline(org_tree["wutong"], "reconsideration.decide_ordinary", "2025-08-05",
                                      org=org_tree["county"], acting_user=officer)
    services.extend_deadline(deadline, 30, acting_user=officer, reason="批准")

    html = render_to_string("deadlines/_due.html", {"deadline": deadline})

    assert '<time datetime="2025-11-10">' in html
    assert '<span class="badge">' in html
    assert '<cite class="citation">《行政复议法》第六十二条第一款</cite>' in html
