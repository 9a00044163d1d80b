"""Browser journeys (issue #2 §8 "done when"): sign in, elderly mode, both languages;
registration with a wrong check digit, then a right one."""
import re

import pytest
from playwright.sync_api import expect

from smartjustice.accounts import services
from smartjustice.accounts.identity import resident_id_check_char
from smartjustice.accounts.models import User
from smartjustice.testing.browser import DESKTOP, PHONE

pytestmark = pytest.mark.browser

PASSWORD = "Qiao-shan-42-river"
SEEDED_ID = "11010519491231002X"


def body_font_px(page) -> float:
    return float(page.evaluate("getComputedStyle(document.body).fontSize").removesuffix("px"))


def sign_in(page, base_url: str, username: str, password: str = PASSWORD) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("手机号码或用户名").fill(username)
    page.get_by_label("密码", exact=True).fill(password)
    page.locator("main").get_by_role("button", name="登录").click()


@pytest.fixture
def seeded_citizen(org_tree):
    return services.register_citizen(real_name="沈阿婆", mobile="13957300001", id_number=SEEDED_ID,
                                     password=PASSWORD, home_org=org_tree["county"])


def test_sign_in_toggle_elderly_mode_and_switch_languages(live_server, new_page, screenshot, seeded_citizen):
    page = new_page(PHONE)
    sign_in(page, live_server.url, "13957300001")

    expect(page).to_have_url(f"{live_server.url}/portal/")
    expect(page.locator("html")).to_have_attribute("lang", "zh-Hans")
    expect(page.get_by_role("heading", level=1)).to_have_text("我的服务")
    expect(page.locator(".masked-id")).to_have_text("1101**********002X")
    expect(page.locator("body")).not_to_have_class(re.compile(r"\belderly\b"))
    normal_px = body_font_px(page)
    screenshot(page, "portal-phone-zh-normal")

    # Elderly mode: larger type, saved on the account.
    toggle = page.get_by_role("button", name="适老模式（大字）")
    expect(toggle).to_have_attribute("aria-pressed", "false")
    toggle.click()
    expect(page.locator("body")).to_have_class(re.compile(r"\belderly\b"))
    elderly_px = body_font_px(page)
    assert normal_px == 16
    assert elderly_px >= 20
    expect(page.get_by_role("button", name="退出适老模式")).to_have_attribute("aria-pressed", "true")
    screenshot(page, "portal-phone-zh-elderly")

    page.reload()
    expect(page.locator("body")).to_have_class(re.compile(r"\belderly\b"))
    seeded_citizen.refresh_from_db()
    assert seeded_citizen.elderly_mode is True

    # A new sign-in on another device finds elderly mode still on.
    other = new_page(PHONE)
    sign_in(other, live_server.url, "13957300001")
    expect(other).to_have_url(f"{live_server.url}/portal/")
    expect(other.locator("body")).to_have_class(re.compile(r"\belderly\b"))
    assert body_font_px(other) == elderly_px

    # English, then back to Chinese; the choice is saved on the account too.
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("My services")
    expect(page.get_by_role("button", name="Leave elderly mode")).to_be_visible()
    expect(page.locator("body")).to_have_class(re.compile(r"\belderly\b"))
    seeded_citizen.refresh_from_db()
    assert seeded_citizen.language == "en"
    screenshot(page, "portal-phone-en-elderly")

    page.get_by_role("button", name="中文").click()
    expect(page.locator("html")).to_have_attribute("lang", "zh-Hans")
    expect(page.get_by_role("heading", level=1)).to_have_text("我的服务")
    expect(page.get_by_role("button", name="退出适老模式")).to_be_visible()
    seeded_citizen.refresh_from_db()
    assert seeded_citizen.language == "zh-hans"

    # The elderly menu is collapsed; open it and sign out with the keyboard.
    menu = page.locator("details.menu")
    expect(menu).not_to_have_attribute("open", "")
    page.get_by_text("菜单", exact=True).click()
    sign_out = page.get_by_role("button", name="退出登录")
    sign_out.focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.get_by_role("link", name="登录").first).to_be_visible()


def test_screenshots_of_home_and_portal_in_every_mode(live_server, new_page, screenshot, seeded_citizen):
    page = new_page(PHONE)
    sign_in(page, live_server.url, "13957300001")
    expect(page).to_have_url(f"{live_server.url}/portal/")

    for language, button, heading in [("zh", "中文", "我的服务"), ("en", "English", "My services")]:
        page.get_by_role("button", name=button).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        for mode in ["normal", "elderly"]:
            is_elderly = "elderly" in (page.locator("body").get_attribute("class") or "")
            if is_elderly != (mode == "elderly"):
                page.locator(".elderly-toggle button").click()
            expect(page.locator("body")).to_have_class(re.compile(r"\belderly\b") if mode == "elderly"
                                                       else re.compile(r"^$"))
            for device, viewport in [("phone", PHONE), ("desktop", DESKTOP)]:
                page.set_viewport_size(viewport)
                screenshot(page, f"portal-{device}-{language}-{mode}")
                page.goto(f"{live_server.url}/")
                screenshot(page, f"home-{device}-{language}-{mode}")
                page.goto(f"{live_server.url}/accounts/profile/")
                screenshot(page, f"profile-{device}-{language}-{mode}")
                page.goto(f"{live_server.url}/portal/")
            page.set_viewport_size(PHONE)


def test_registration_shows_check_digit_error_then_succeeds(live_server, new_page, screenshot, org_tree):
    page = new_page(PHONE)
    body = "33048319560308122"
    right = body + resident_id_check_char(body)
    wrong = body + ("1" if right[-1] != "1" else "2")
    page.goto(f"{live_server.url}/accounts/register/")
    page.get_by_label("真实姓名").fill("沈阿婆")
    page.get_by_label("手机号码").fill("13957300002")
    page.get_by_label("居民身份证号").fill(wrong)
    page.get_by_label("所属县（市、区）司法局").select_option(label="桐乡市司法局")
    page.get_by_label("密码", exact=True).fill(PASSWORD)
    page.get_by_label("再次输入密码").fill(PASSWORD)
    page.get_by_role("button", name="创建我的账户").click()

    alert = page.get_by_role("alert")
    expect(alert).to_have_count(1)
    expect(alert).to_have_text("身份证号最后一位与校验码不符，请检查是否输错。")
    id_input = page.get_by_label("居民身份证号")
    expect(id_input).to_have_attribute("aria-invalid", "true")
    expect(id_input).to_have_attribute("aria-describedby", re.compile(r"\bid_id_number_error\b"))
    expect(id_input).to_be_focused()
    expect(id_input).to_have_value(wrong)
    assert not User.objects.filter(username="13957300002").exists()
    screenshot(page, "register-phone-zh-error")

    id_input.fill(right)
    page.get_by_label("密码", exact=True).fill(PASSWORD)
    page.get_by_label("再次输入密码").fill(PASSWORD)
    page.get_by_role("button", name="创建我的账户").click()

    expect(page).to_have_url(f"{live_server.url}/portal/")
    expect(page.get_by_role("status")).to_have_text("账户已创建，您已登录。")
    expect(page.locator(".masked-id")).to_have_text(right[:4] + "**********" + right[-4:])
    assert User.objects.get(username="13957300002").real_name == "沈阿婆"
    screenshot(page, "register-phone-zh-success")


def test_keyboard_reaches_skip_link_first_and_htmx_is_served(live_server, new_page):
    page = new_page(PHONE)
    page.goto(f"{live_server.url}/")

    page.keyboard.press("Tab")

    focused = page.locator(":focus")
    expect(focused).to_have_text("跳到正文")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    assert page.evaluate("typeof window.htmx") == "object"


def test_officer_lands_on_workbench_with_their_organisations(live_server, new_page, screenshot, make_user, org_tree):
    make_user("supervisor", org_tree["county"], username="supervisor-wang", real_name="王科长",
              password=PASSWORD)
    page = new_page(DESKTOP)

    sign_in(page, live_server.url, "supervisor-wang")

    expect(page).to_have_url(f"{live_server.url}/workbench/")
    expect(page.get_by_role("heading", level=1)).to_have_text("工作台")
    rows = page.locator("table.table tbody tr")
    expect(rows).to_have_count(3)
    expect(page.locator("table.table")).not_to_contain_text("海宁市司法局")
    screenshot(page, "workbench-desktop-zh-normal")
