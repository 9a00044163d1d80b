"""The "share my location" section of the subject's home page (issue #6 passive check-in): the
reporting interval of local policy, the endpoint, and the wording report-queue.js shows, in the
person's language. The queue's behaviour itself is driven in test_browser_location.py."""
import pytest
from django.test import Client

from smartjustice.correction import services


@pytest.fixture
def home(subject, subject_user):
    def get(language="zh-hans"):
        client = Client(HTTP_ACCEPT_LANGUAGE=language)
        client.force_login(subject_user)
        response = client.get("/correction/me/")
        assert response.status_code == 200
        return response.content.decode()
    return get


def test_the_section_reports_to_the_api_every_ten_minutes_by_default(home, subject_user):
    page = home()

    assert ('data-url="/api/v1/correction/location-reports" data-csrf="' in page,
            f'data-user="{subject_user.pk}"' in page, 'data-interval-minutes="10"' in page) == (True, True, True)
    assert "手机每 10 分钟上报一次位置。每天第一次在县域内的位置上报即为当日签到。" in page
    assert '<script src="/static/correction/report-queue.js" defer></script>' in page


def test_an_administrator_sets_the_interval_and_the_page_follows(home, administrator, org_tree):
    services.update_policy("location.report_every_minutes", 15, acting_user=administrator, org=org_tree["county"])

    page = home()

    assert 'data-interval-minutes="15"' in page and "手机每 15 分钟上报一次位置" in page


def test_an_interval_of_zero_is_read_as_one_minute(home, administrator, org_tree):
    services.update_policy("location.report_every_minutes", 0, acting_user=administrator, org=org_tree["county"])

    assert 'data-interval-minutes="1"' in home()


@pytest.mark.parametrize("language, queued, sent", [
    ("zh-hans", "网络或系统暂时不可用，已保存 %(n)s 条，恢复后自动补报。", "位置已上报（%(time)s）。"),
    ("en", "Network or system temporarily unavailable: %(n)s reports saved on this phone, they will be sent "
           "automatically once the connection is back.", "Location reported (%(time)s)."),
])
def test_the_status_wording_comes_in_the_persons_language_with_its_placeholders(home, language, queued, sent):
    page = home(language)

    assert f'data-queued="{queued}"' in page
    assert f'data-sent="{sent}"' in page
