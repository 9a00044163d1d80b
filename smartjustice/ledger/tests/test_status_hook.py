"""The evidence-status hook other apps use: selectors.ledger_status_for_sha256 and the
`{% ledger_status %}` tag / ledger/_status.html include."""
import pytest
from django.template import Context, Template
from django.utils import translation

from smartjustice.ledger import selectors, services, witnessing
from smartjustice.orgs.choices import Role

from .conftest import sha


def _render(digest):
    with translation.override("zh-hans"):
        return Template("{% load ledger_tags %}{% ledger_status digest %}").render(Context({"digest": digest}))


@pytest.mark.parametrize("value", ["", None, "abc", "g" * 64, sha(b"never registered")])
def test_unknown_or_malformed_hash_is_not_on_the_ledger(db, value):
    assert selectors.ledger_status_for_sha256(value) is None
    html = _render(value)
    assert 'data-ledger-status="absent"' in html and "未上链" in html and "data-ledger-receipt" not in html


def test_pending_then_sequenced_then_published(officer, org_tree):
    reg = services.register_evidence(acting_user=officer, org=org_tree["county"], content_sha256=sha(b"x"),
                                     evidence_type="electronic")
    pending = selectors.ledger_status_for_sha256(sha(b"x").upper())
    services.sequence_pending()
    sequenced = selectors.ledger_status_for_sha256(sha(b"x"))
    pending_html = _render(sha(b"x"))
    witnessing.publish_latest()  # the default policy needs no witness

    published = selectors.ledger_status_for_sha256(sha(b"x"))

    base = {"number": reg.number, "registered_at": reg.registered_at, "org_code": "tx-sfj",
            "org_name": "桐乡市司法局", "registrations": 1}
    assert pending == {**base, "index": None, "included": False}
    assert sequenced == {**base, "index": 0, "included": False}
    assert published == {**base, "index": 0, "included": True}
    assert 'data-ledger-status="pending"' in pending_html and "已登记，待上链" in pending_html
    html = _render(sha(b"x"))
    assert 'data-ledger-status="included"' in html and "已上链存证" in html
    assert f'href="/ledger/receipt/{reg.number}"' in html


def test_a_file_registered_by_two_departments_describes_the_first(officer, org_tree, make_user):
    services.register_evidence(acting_user=officer, org=org_tree["county"], content_sha256=sha(b"y"),
                               evidence_type="electronic")
    services.sequence_pending()
    witnessing.publish_latest()
    other = make_user(Role.ENFORCEMENT_OFFICER, org_tree["other_county"])
    services.register_evidence(acting_user=other, org=org_tree["other_county"], content_sha256=sha(b"y"),
                               evidence_type="electronic")

    status = selectors.ledger_status_for_sha256(sha(b"y"))

    assert (status["org_code"], status["included"], status["registrations"]) == ("tx-sfj", True, 2)
