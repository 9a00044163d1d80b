"""Account forms: shape checks with specific messages, and what they hand to the services."""
import pytest

from smartjustice.accounts.forms import (
    CitizenRegistrationForm,
    EnterpriseRegistrationForm,
    PreferencesForm,
    SignInForm,
)
from smartjustice.accounts.identity import resident_id_check_char
from smartjustice.core.errors import InvalidInput
from smartjustice.orgs.choices import Role

pytestmark = pytest.mark.django_db

VALID_ID = "11010519491231002X"


def citizen_data(org, **changes):
    data = {"real_name": "沈阿婆", "mobile": "13957300001", "id_number": VALID_ID, "home_org": str(org.pk),
            "password": "Qiao-shan-42-river", "password_confirm": "Qiao-shan-42-river"}
    return {**data, **changes}


def test_lower_case_x_and_spaced_mobile_are_normalised(org_tree):
    form = CitizenRegistrationForm(citizen_data(org_tree["county"], id_number=" 11010519491231002x ",
                                                mobile="+86 139-5730-0001"))

    assert form.is_valid(), form.errors
    assert form.cleaned_data["id_number"] == VALID_ID
    assert form.cleaned_data["mobile"] == "13957300001"


def test_province_code_is_checked(org_tree):
    body = "99048319560308122"
    form = CitizenRegistrationForm(citizen_data(org_tree["county"], id_number=body + resident_id_check_char(body)))

    assert form.errors["id_number"] == ["身份证号前两位不是有效的省级行政区划代码。"]


def test_impossible_date_is_checked(org_tree):
    body = "33048319560230122"  # 30 February
    form = CitizenRegistrationForm(citizen_data(org_tree["county"], id_number=body + resident_id_check_char(body)))

    assert form.errors["id_number"] == ["身份证号第 7 至 14 位不是有效的出生日期。"]


def test_empty_form_names_each_missing_answer(org_tree):
    form = CitizenRegistrationForm({})

    assert form.errors == {
        "real_name": ["请输入与身份证一致的真实姓名。"],
        "mobile": ["请输入手机号码。"],
        "id_number": ["请输入居民身份证号码。"],
        "home_org": ["请选择您所在县（市、区）的司法局。"],
        "password": ["请设置密码。"],
        "password_confirm": ["请再次输入密码。"],
    }


def test_single_county_bureau_is_preselected(db):
    from smartjustice.orgs.choices import Kind, Level
    from smartjustice.orgs.models import Organisation

    bureau = Organisation.objects.create(code="only", name="桐乡市司法局", kind=Kind.JUSTICE_BUREAU,
                                         level=Level.COUNTY)

    assert CitizenRegistrationForm().fields["home_org"].initial == bureau.pk


def test_two_county_bureaus_are_not_preselected(org_tree):
    assert CitizenRegistrationForm().fields["home_org"].initial is None


def test_enterprise_form_short_credit_code(org_tree):
    form = EnterpriseRegistrationForm({"enterprise_name": "某公司", "credit_code": "91330483", "contact_name": "钱",
                                       "mobile": "13957300002", "home_org": str(org_tree["county"].pk),
                                       "password": "x", "password_confirm": "x"})

    assert form.errors == {"credit_code": ["统一社会信用代码应为 18 位，您输入的是 8 位。"]}


def test_domain_error_lands_on_the_mapped_field(org_tree):
    form = EnterpriseRegistrationForm({})
    form.is_valid()

    form.add_domain_error(InvalidInput("名字太长", field="real_name"))

    assert "名字太长" in form.errors["contact_name"]


def test_domain_error_without_a_known_field_is_a_form_error(org_tree):
    form = CitizenRegistrationForm(citizen_data(org_tree["county"]))
    form.is_valid()

    form.add_domain_error(InvalidInput("出了点问题"))

    assert form.non_field_errors() == ["出了点问题"]


def test_sign_in_finds_the_account_by_mobile(make_user, org_tree):
    user = make_user(Role.CITIZEN, org_tree["county"], username="staff-name", mobile="13957300005")

    form = SignInForm(None, {"username": "13957300005", "password": "correct-horse-battery"})

    assert form.is_valid(), form.errors
    assert form.get_user() == user


def test_sign_in_inputs_have_autocomplete(db):
    html = str(SignInForm())

    assert 'autocomplete="username"' in html
    assert 'autocomplete="current-password"' in html
    assert '<label for="id_username">' in html


def test_preferences_form_accepts_only_known_languages():
    assert PreferencesForm({"language": "en"}).is_valid()
    assert PreferencesForm({"language": "de"}).errors == {"language": ["请从列表中选择一种语言。"]}
