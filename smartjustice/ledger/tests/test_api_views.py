import base64

import pytest
from rest_framework.test import APIClient

from smartjustice.audit.models import AuditEntry
from smartjustice.ledger import services
from smartjustice.ledger.models import Registration
from smartjustice.ledger.tlog import merkle, tiles
from smartjustice.orgs.choices import Role

from .conftest import sha

pytestmark = pytest.mark.urls("smartjustice.ledger.tests.urls")


@pytest.fixture
def api():
    return APIClient()


def test_officer_registers_through_the_api(api, officer):
    api.force_authenticate(officer)

    resp = api.post("/api/v1/ledger/evidence/", {"content_sha256": sha(b"x"), "evidence_type": "electronic",
                                                 "case_reference": "A-1"}, format="json")

    assert resp.status_code == 201
    assert resp.json()["org"] == "tx-sfj"
    assert Registration.objects.get().number == resp.json()["number"]


@pytest.mark.parametrize("who", ["anonymous", "citizen", "other_org_officer"])
def test_register_is_refused_for_others_and_changes_nothing(api, org_tree, make_user, who):
    if who == "citizen":
        api.force_authenticate(make_user(Role.CITIZEN, org_tree["county"]))
    elif who == "other_org_officer":
        api.force_authenticate(make_user(Role.ENFORCEMENT_OFFICER, org_tree["other_county"]))

    resp = api.post("/api/v1/ledger/evidence/", {"content_sha256": sha(b"x"), "evidence_type": "electronic",
                                                 "org": "tx-sfj"}, format="json")

    assert resp.status_code in ({"anonymous": 401, "citizen": 403, "other_org_officer": 403}[who],)
    assert Registration.objects.count() == 0
    assert AuditEntry.objects.count() == 0


def test_bad_hash_gets_a_specific_error(api, officer):
    api.force_authenticate(officer)

    resp = api.post("/api/v1/ledger/evidence/", {"content_sha256": "nothex", "evidence_type": "electronic"}, format="json")

    assert resp.status_code == 400
    assert resp.json()["error"]["code"] == "ledger.invalid_content_hash"
    assert Registration.objects.count() == 0


@pytest.fixture
def log300(officer, org_tree):
    items = [{"content_sha256": sha(b"%d" % i), "evidence_type": "documentary"} for i in range(300)]
    regs = services.register_evidence_batch(acting_user=officer, org=org_tree["county"], items=items)
    services.sequence_pending()
    return regs


def test_public_checkpoint_and_proofs(api, log300):
    cp = api.get("/api/v1/ledger/checkpoint/").json()
    root = base64.b64decode(cp["checkpoint"].split("\n")[2])

    by_index = api.get("/api/v1/ledger/proof/inclusion/?index=7").json()
    by_leaf = api.get("/api/v1/ledger/proof/inclusion/", {"leaf_hash": by_index["leaf_hash"]}).json()
    by_number = api.get("/api/v1/ledger/proof/inclusion/", {"number": log300[7].number}).json()
    consistency = api.get("/api/v1/ledger/proof/consistency/?old_size=100").json()

    assert cp["size"] == 300 and cp["cosigned"] is False
    assert by_index == by_leaf == by_number
    merkle.verify_inclusion(7, 300, base64.b64decode(by_index["leaf_hash"]),
                            [base64.b64decode(h) for h in by_index["inclusion_proof"]], root)
    assert len(consistency["consistency_proof"]) > 0
    assert api.get("/api/v1/ledger/proof/inclusion/?index=300").status_code == 404
    assert api.get("/api/v1/ledger/proof/consistency/?old_size=0").status_code == 400


def test_tiles_and_entry_bundles(client, log300):
    tree = merkle.MemoryTree(merkle.leaf_hash(bytes(r.entry)) for r in log300)

    full = client.get("/ledger/log/tile/0/000")
    partial = client.get("/ledger/log/tile/0/001.p/44")
    level1 = client.get("/ledger/log/tile/1/000.p/1")
    bundle = client.get("/ledger/log/tile/entries/001.p/44")
    checkpoint = client.get("/ledger/log/checkpoint")

    assert full["Content-Type"] == "application/octet-stream"
    assert full["Cache-Control"] == "public, max-age=31536000, immutable"
    assert full.content == b"".join(tree.levels[0][:256])
    assert partial.content == b"".join(tree.levels[0][256:300])
    assert level1.content == tree.levels[8][0] == tree.root(256)
    assert tiles.decode_bundle(bundle.content) == [bytes(r.entry) for r in log300[256:]]
    assert checkpoint["Cache-Control"] == "public, max-age=5"
    assert checkpoint.content.decode().split("\n")[1] == "300"
    for bad in ("/ledger/log/tile/0/001", "/ledger/log/tile/0/001.p/45", "/ledger/log/tile/0/002",
                "/ledger/log/tile/64/000", "/ledger/log/tile/entries/x001"):
        assert client.get(bad).status_code == 404, bad


def test_verify_page_by_hash_and_number_for_anonymous(client, log300):
    by_hash = client.get("/ledger/verify", {"q": sha(b"5")}).content.decode()
    by_number = client.get("/ledger/verify", {"q": log300[5].number}).content.decode()
    missing = client.get("/ledger/verify", {"q": sha(b"not registered")}).content.decode()

    for page in (by_hash, by_number):
        assert log300[5].number in page
        assert "桐乡市司法局" in page
        assert 'data-server-result="ok"' in page
    assert "data-not-found" in missing


def test_receipt_carries_an_offline_bundle(client, log300):
    page = client.get(f"/ledger/receipt/{log300[0].number}").content.decode()

    assert "c2sp.org/tlog-proof@v1" in page
    assert client.get("/ledger/receipt/EV00000000-NOPE").status_code == 404


def test_register_form_for_officers_only(client, officer, make_user, org_tree):
    client.force_login(make_user(Role.CITIZEN, org_tree["county"]))
    assert client.get("/ledger/register").status_code == 404
    client.force_login(officer)

    resp = client.post("/ledger/register", {"content_sha256": sha(b"form"), "evidence_type": "electronic",
                                            "case_reference": "F-1"})
    bad = client.post("/ledger/register", {"content_sha256": "zz", "evidence_type": "electronic"})

    reg = Registration.objects.get()
    assert resp.status_code == 302 and resp["Location"] == f"/ledger/receipt/{reg.number}"
    assert 'role="alert"' in bad.content.decode()
    assert Registration.objects.count() == 1


def test_receipt_shows_a_server_rendered_qr_code_of_the_verification_url(client, log300):
    import segno

    number = log300[7].number
    resp = client.get(f"/ledger/receipt/{number}")
    html = resp.content.decode()

    url = f"http://testserver/ledger/verify?q={number}"
    expected = segno.make(url, error="m", micro=False).svg_inline(scale=4, border=4, svgclass="ledger-qr",
                                                                 title=f"扫码核验 {number}")
    assert resp.context["verify_url"] == url
    assert expected.replace("<svg ", '<svg role="img" ', 1) in html
    assert "<script src=\"http" not in html and html.count("<svg") == 1
    # The URL the code carries really finds this registration for anyone.
    assert f'data-number>{number}<' in client.get(f"/ledger/verify?q={number}").content.decode()
