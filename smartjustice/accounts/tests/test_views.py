"""Account pages: registration, sign-in and -out, profile and preferences (issue #2 §3, §8).

Every refusal is checked for its specific Chinese message and for leaving nothing behind:
no user, no membership, no enterprise profile and no audit entry.
"""
import pytest
from django.urls import reverse

from smartjustice.accounts import services
from smartjustice.accounts.identity import resident_id_check_char, uscc_check_char
from smartjustice.accounts.models import EnterpriseProfile, User
from smartjustice.audit.models import AuditEntry
from smartjustice.orgs.choices import Role
from smartjustice.orgs.models import Membership

pytestmark = pytest.mark.django_db

PASSWORD = "Qiao-shan-42-river"


def resident_id(body17: str) -> str:
    return body17 + resident_id_check_char(body17)


def credit_code(body17: str) -> str:
    return body17 + uscc_check_char(body17)


CITIZEN_ID = resident_id("33048319560308122")  # born 1956-03-08 in 桐乡
ENTERPRISE_CODE = credit_code("91330483MA2B3C4D5")


def wrong_check_char(number: str) -> str:
    return number[:17] + ("1" if number[17] != "1" else "2")


def row_counts() -> tuple[int, int, int, int]:
    return (User.objects.count(), Membership.objects.count(), EnterpriseProfile.objects.count(),
            AuditEntry.objects.count())


@pytest.fixture
def citizen_answers(org_tree):
    return {
        "real_name": "沈阿婆", "mobile": "13957300001", "id_number": CITIZEN_ID,
        "home_org": str(org_tree["county"].pk), "password": PASSWORD, "password_confirm": PASSWORD,
    }


@pytest.fixture
def enterprise_answers(org_tree):
    return {
        "enterprise_name": "桐乡市梧桐羊毛衫有限公司", "credit_code": ENTERPRISE_CODE,
        "legal_representative": "钱经理", "contact_name": "钱小姐", "mobile": "13957300002",
        "home_org": str(org_tree["county"].pk), "password": PASSWORD, "password_confirm": PASSWORD,
    }


def register(client, answers, **changes):
    return client.post(reverse("accounts:register_citizen"), {**answers, **changes})


def field_error(response, field: str) -> str:
    """The text of the role=alert error shown for `field`, or '' if there is none."""
    errors = response.context["form"].errors.get(field, [])
    return " ".join(errors)


# --- citizen registration ---------------------------------------------------------------


def test_register_citizen_creates_account_signs_in_and_lands_on_portal(client, citizen_answers, org_tree):
    response = register(client, citizen_answers)

    assert response.status_code == 302
    assert response["Location"] == reverse("web:portal")
    user = User.objects.get(username="13957300001")
    assert user.real_name == "沈阿婆"
    assert user.id_number_masked == CITIZEN_ID[:4] + "**********" + CITIZEN_ID[-4:]
    assert user.reveal_id_number() == CITIZEN_ID
    assert user.language == "zh-hans"
    assert list(Membership.objects.filter(user=user).values_list("org_id", "role")) == [
        (org_tree["county"].pk, Role.CITIZEN)
    ]
    assert list(AuditEntry.objects.values_list("action", flat=True)) == ["accounts.user.registered"]
    assert int(client.session["_auth_user_id"]) == user.pk


def test_portal_after_registration_shows_only_the_masked_id_number(client, citizen_answers):
    register(client, citizen_answers)

    page = client.get(reverse("web:portal")).content.decode()

    assert CITIZEN_ID[:4] + "**********" + CITIZEN_ID[-4:] in page
    assert CITIZEN_ID not in page


def test_register_page_labels_every_input_and_offers_only_county_bureaus(client, org_tree):
    response = client.get(reverse("accounts:register_citizen"))

    page = response.content.decode()
    for field in ["real_name", "mobile", "id_number", "home_org", "password", "password_confirm"]:
        assert f'<label for="id_{field}">' in page
    assert 'inputmode="numeric"' in page
    assert 'autocomplete="new-password"' in page
    choices = {str(org) for org in response.context["form"].fields["home_org"].queryset}
    assert choices == {"桐乡市司法局", "海宁市司法局"}


def test_wrong_check_digit_is_refused_with_specific_message_and_nothing_written(client, citizen_answers):
    before = row_counts()

    response = register(client, citizen_answers, id_number=wrong_check_char(CITIZEN_ID))

    assert response.status_code == 200
    assert field_error(response, "id_number") == "身份证号最后一位与校验码不符，请检查是否输错。"
    page = response.content.decode()
    assert '<p class="error" id="id_id_number_error" role="alert">' in page
    assert 'aria-describedby="id_id_number_helptext id_id_number_error"' in page
    assert row_counts() == before
    assert "_auth_user_id" not in client.session


def test_future_birth_date_is_refused(client, citizen_answers, time_machine):
    time_machine.move_to("2025-06-01 10:00:00+08:00")
    before = row_counts()

    response = register(client, citizen_answers, id_number=resident_id("33048320250602121"))

    assert field_error(response, "id_number") == "身份证号中的出生日期不可能成立（晚于今天或过早）。"
    assert row_counts() == before


def test_bad_mobile_is_refused(client, citizen_answers):
    before = row_counts()

    response = register(client, citizen_answers, mobile="12345678901")

    assert field_error(response, "mobile") == "请输入 11 位中国大陆手机号码，例如 13800000000。"
    assert row_counts() == before


def test_several_bad_answers_are_all_reported_at_once(client, citizen_answers):
    response = register(client, citizen_answers, mobile="1395730", id_number="3304831956",
                        real_name="", password_confirm="something-else")

    errors = response.context["form"].errors
    assert errors["mobile"] == ["请输入 11 位中国大陆手机号码，例如 13800000000。"]
    assert errors["id_number"] == ["居民身份证号码应为 18 位，您输入的是 10 位。"]
    assert errors["real_name"] == ["请输入与身份证一致的真实姓名。"]
    assert errors["password_confirm"] == ["两次输入的密码不一致，请重新输入。"]


def test_duplicate_id_number_is_refused_and_nothing_more_written(client, citizen_answers, org_tree):
    services.register_citizen(real_name="沈阿婆", mobile="13957300009", id_number=CITIZEN_ID,
                              password=PASSWORD, home_org=org_tree["county"])
    before = row_counts()

    response = register(client, citizen_answers)

    assert field_error(response, "id_number") == "该身份证号已注册账户，请直接登录。"
    assert row_counts() == before
    assert not User.objects.filter(username="13957300001").exists()


def test_duplicate_mobile_is_refused(client, citizen_answers, org_tree):
    services.register_citizen(real_name="沈阿公", mobile="13957300001",
                              id_number=resident_id("33048319500101121"),
                              password=PASSWORD, home_org=org_tree["county"])
    before = row_counts()

    response = register(client, citizen_answers)

    assert field_error(response, "mobile") == "该手机号码已注册，请直接登录。"
    assert row_counts() == before


def test_weak_password_is_refused_by_the_service(client, citizen_answers):
    before = row_counts()

    response = register(client, citizen_answers, password="73914628051", password_confirm="73914628051")

    assert field_error(response, "password") == "密码只包含数字。"
    assert row_counts() == before


def test_township_office_is_not_a_registration_bureau(client, citizen_answers, org_tree):
    before = row_counts()

    response = register(client, citizen_answers, home_org=str(org_tree["wutong"].pk))

    assert field_error(response, "home_org") == "请从列表中选择一个司法局。"
    assert row_counts() == before


def test_registration_message_follows_the_page_language(client, citizen_answers):
    client.cookies["django_language"] = "en"

    response = register(client, citizen_answers, id_number=wrong_check_char(CITIZEN_ID))

    assert field_error(response, "id_number") == (
        "The last character of the ID number does not match its check digit; please check for a typo."
    )


def test_elderly_mode_chosen_before_registering_is_kept_on_the_account(client, citizen_answers):
    client.post(reverse("web:set_elderly_mode"), {"elderly_mode": "on", "next": "/"})

    register(client, citizen_answers)

    assert User.objects.get(username="13957300001").elderly_mode is True


# --- enterprise registration ------------------------------------------------------------


def test_register_enterprise_creates_profile_membership_and_audit(client, enterprise_answers, org_tree):
    response = client.post(reverse("accounts:register_enterprise"), enterprise_answers)

    assert response.status_code == 302
    assert response["Location"] == reverse("web:portal")
    profile = EnterpriseProfile.objects.get(credit_code=ENTERPRISE_CODE)
    assert profile.name == "桐乡市梧桐羊毛衫有限公司"
    assert profile.legal_representative == "钱经理"
    assert profile.user.username == ENTERPRISE_CODE
    assert profile.user.real_name == "钱小姐"
    assert list(Membership.objects.filter(user=profile.user).values_list("org_id", "role")) == [
        (org_tree["county"].pk, Role.ENTERPRISE)
    ]
    assert "accounts.enterprise.registered" in AuditEntry.objects.values_list("action", flat=True)


def test_bad_credit_code_is_refused_with_specific_message(client, enterprise_answers):
    before = row_counts()
    bad = ENTERPRISE_CODE[:17] + ("0" if ENTERPRISE_CODE[17] != "0" else "1")

    response = client.post(reverse("accounts:register_enterprise"), {**enterprise_answers, "credit_code": bad})

    assert field_error(response, "credit_code") == "统一社会信用代码最后一位与校验码不符，请检查是否输错。"
    assert row_counts() == before


def test_credit_code_with_forbidden_letter_names_the_letter(client, enterprise_answers):
    before = row_counts()

    response = client.post(reverse("accounts:register_enterprise"),
                           {**enterprise_answers, "credit_code": "91330483MA2B3C4DO" + "1"})

    assert field_error(response, "credit_code") == "统一社会信用代码中不能出现：O（不使用 I、O、Z、S、V）。"
    assert row_counts() == before


def test_duplicate_credit_code_is_refused(client, enterprise_answers, org_tree):
    services.register_enterprise(enterprise_name="另一家公司", credit_code=ENTERPRISE_CODE, contact_name="赵先生",
                                 mobile="13957300003", password=PASSWORD, home_org=org_tree["county"])
    before = row_counts()

    response = client.post(reverse("accounts:register_enterprise"), enterprise_answers)

    assert field_error(response, "credit_code") == "该统一社会信用代码的企业已经注册。"
    assert row_counts() == before


def test_missing_contact_name_is_reported_on_contact_field(client, enterprise_answers):
    before = row_counts()

    response = client.post(reverse("accounts:register_enterprise"), {**enterprise_answers, "contact_name": " "})

    assert field_error(response, "contact_name") == "请输入联系人的真实姓名。"
    assert row_counts() == before


# --- sign in and out ----------------------------------------------------------------------


def test_citizen_signs_in_with_mobile_number_and_lands_on_portal(client, make_user, org_tree):
    make_user(Role.CITIZEN, org_tree["county"], username="citizen-a", mobile="13957300005")

    response = client.post(reverse("accounts:login"), {"username": "13957300005", "password": "correct-horse-battery"})

    assert response.status_code == 302
    assert response["Location"] == reverse("web:portal")


def test_officer_signs_in_with_username_and_lands_on_workbench(client, make_user, org_tree):
    make_user(Role.RECONSIDERATION_OFFICER, org_tree["county"], username="officer-li")

    response = client.post(reverse("accounts:login"), {"username": "officer-li", "password": "correct-horse-battery"})

    assert response["Location"] == reverse("web:workbench")


def test_enterprise_signs_in_with_lower_case_credit_code(client, enterprise_answers):
    client.post(reverse("accounts:register_enterprise"), enterprise_answers)
    client.post(reverse("accounts:logout"))

    response = client.post(reverse("accounts:login"), {"username": ENTERPRISE_CODE.lower(), "password": PASSWORD})

    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == User.objects.get(username=ENTERPRISE_CODE).pk


def test_mobile_shared_by_two_accounts_does_not_sign_in_either(client, make_user, org_tree):
    make_user(Role.CITIZEN, org_tree["county"], username="a1", mobile="13957300006")
    make_user(Role.CITIZEN, org_tree["county"], username="a2", mobile="13957300006")

    response = client.post(reverse("accounts:login"), {"username": "13957300006", "password": "correct-horse-battery"})

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_wrong_password_gives_specific_message_and_no_session(client, make_user, org_tree):
    make_user(Role.CITIZEN, org_tree["county"], username="13957300007", mobile="13957300007")

    response = client.post(reverse("accounts:login"), {"username": "13957300007", "password": "wrong"})

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == ["手机号码（或用户名）与密码不匹配，请检查后重试。"]
    assert 'role="alert"' in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_sign_out_needs_post_and_ends_the_session(client, make_user, org_tree):
    user = make_user(Role.CITIZEN, org_tree["county"])
    client.force_login(user)

    assert client.get(reverse("accounts:logout")).status_code == 405
    assert "_auth_user_id" in client.session

    response = client.post(reverse("accounts:logout"))

    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_sign_out_keeps_elderly_mode_for_this_browser(client, make_user, org_tree):
    user = make_user(Role.CITIZEN, org_tree["county"], elderly_mode=True)
    client.force_login(user)

    client.post(reverse("accounts:logout"))

    assert 'class="elderly"' in client.get(reverse("web:home")).content.decode()


def test_signing_in_keeps_elderly_mode_chosen_while_signed_out(client, make_user, org_tree):
    user = make_user(Role.CITIZEN, org_tree["county"], username="13957300008", mobile="13957300008")
    client.post(reverse("web:set_elderly_mode"), {"elderly_mode": "on", "next": "/"})

    client.post(reverse("accounts:login"), {"username": "13957300008", "password": "correct-horse-battery"})

    user.refresh_from_db()
    assert user.elderly_mode is True


# --- profile and preferences --------------------------------------------------------------


def test_profile_needs_sign_in(client):
    response = client.get(reverse("accounts:profile"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_profile_shows_masked_id_number_only(client, citizen_answers):
    register(client, citizen_answers)

    page = client.get(reverse("accounts:profile")).content.decode()

    assert CITIZEN_ID[:4] + "**********" + CITIZEN_ID[-4:] in page
    assert CITIZEN_ID not in page
    assert "139****0001" in page


def test_saving_preferences_persists_them_and_audits(client, make_user, org_tree):
    user = make_user(Role.CITIZEN, org_tree["county"])
    client.force_login(user)

    response = client.post(reverse("accounts:profile"), {"elderly_mode": "on", "language": "en"})

    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.elderly_mode, user.language) == (True, "en")
    entry = AuditEntry.objects.get(action="accounts.user.preferences_changed")
    assert entry.changes == {"elderly_mode": [False, True], "language": ["", "en"]}
    page = client.get(reverse("accounts:profile")).content.decode()
    assert '<html lang="en" class="elderly">' in page
    assert '<body class="elderly"' in page
    assert "Your preferences have been saved." in page


def test_unknown_language_in_preferences_changes_nothing(client, make_user, org_tree):
    user = make_user(Role.CITIZEN, org_tree["county"])
    client.force_login(user)

    response = client.post(reverse("accounts:profile"), {"elderly_mode": "on", "language": "fr"})

    assert response.status_code == 200
    assert field_error(response, "language") == "请从列表中选择一种语言。"
    user.refresh_from_db()
    assert (user.elderly_mode, user.language) == (False, "")
    assert not AuditEntry.objects.exists()


def test_language_switch_persists_on_the_account_across_sessions(client, make_user, org_tree):
    user = make_user(Role.CITIZEN, org_tree["county"])
    client.force_login(user)

    client.post(reverse("web:set_language"), {"language": "en", "next": "/"})

    user.refresh_from_db()
    assert user.language == "en"
    other_device = type(client)()
    other_device.force_login(user)
    page = other_device.get(reverse("web:home")).content.decode()
    assert '<html lang="en">' in page
    assert "Smart Justice" in page


def test_language_switch_back_to_chinese_sticks_for_signed_in_user(client, make_user, org_tree):
    user = make_user(Role.CITIZEN, org_tree["county"], language="en")
    client.force_login(user)

    client.post(reverse("web:set_language"), {"language": "zh-hans", "next": "/"})

    user.refresh_from_db()
    assert user.language == "zh-hans"
    assert '<html lang="zh-Hans">' in client.get(reverse("web:home")).content.decode()
