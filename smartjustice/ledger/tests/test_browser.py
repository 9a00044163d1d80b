"""Browser journey (issue #5 "done when"): an enforcement officer registers a file, an
anonymous visitor verifies it on the public page (hashed and checked in the browser), and
a changed file fails."""
import pytest
from playwright.sync_api import expect

from smartjustice.ledger.models import PublishedCheckpoint, Registration
from smartjustice.orgs.choices import Role

pytestmark = pytest.mark.browser
PASSWORD = "Qiao-shan-42-river"


def test_officer_registers_and_anonymous_visitor_verifies(live_server, new_page, org_tree, make_user,
                                                          settings, tmp_path):
    settings.LEDGER_SEQUENCE_ON_REGISTER = True
    make_user(Role.ENFORCEMENT_OFFICER, org_tree["county"], username="officer-li", password=PASSWORD)
    evidence = tmp_path / "现场照片.jpg"
    evidence.write_bytes(b"\xff\xd8\xff photo of the scene " * 50)

    officer = new_page()
    officer.goto(f"{live_server.url}/accounts/login/")
    officer.get_by_label("手机号码或用户名").fill("officer-li")
    officer.get_by_label("密码", exact=True).fill(PASSWORD)
    officer.locator("main").get_by_role("button", name="登录").click()
    officer.goto(f"{live_server.url}/ledger/register")
    officer.locator("#ledger-register-file").set_input_files(str(evidence))
    expect(officer.locator("#ledger-hash-shown")).to_have_text(__import__("hashlib").sha256(evidence.read_bytes()).hexdigest())
    officer.locator("#ledger-case").fill("桐综执罚〔2025〕7号")
    officer.get_by_role("button", name="登记存证").click()
    expect(officer.locator("[data-browser-result]")).to_have_attribute("data-state", "ok")
    number = Registration.objects.get().number
    assert PublishedCheckpoint.objects.get().size == 1

    visitor = new_page()
    visitor.goto(f"{live_server.url}/ledger/verify")
    visitor.locator("#ledger-verify-file").set_input_files(str(evidence))
    expect(visitor.locator("[data-number]")).to_have_text(number)
    expect(visitor.locator("[data-browser-result]")).to_have_attribute("data-state", "ok")
    expect(visitor.locator("[data-server-result]")).to_have_attribute("data-server-result", "ok")

    changed = tmp_path / "changed.jpg"
    changed.write_bytes(evidence.read_bytes() + b"!")
    visitor.goto(f"{live_server.url}/ledger/verify")
    visitor.locator("#ledger-verify-file").set_input_files(str(changed))
    expect(visitor.locator("[data-not-found]")).to_be_visible()
