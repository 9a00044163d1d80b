"""AccessibleFormMixin.submit_to: the one place a form page hands valid input to a service."""
import pytest
from django import forms
from django.test import RequestFactory

from smartjustice.core.errors import InvalidInput, NotFound
from smartjustice.web.forms import AccessibleFormMixin


class NoteForm(AccessibleFormMixin, forms.Form):
    title = forms.CharField(max_length=20)
    days = forms.IntegerField(min_value=1)
    domain_field_map = {"duration": "days"}


VALID = {"title": "请假", "days": "3"}


class Service:
    """Records each call; raises `error` when given one."""

    def __init__(self, result=None, error=None):
        self.calls, self.result, self.error = [], result, error

    def __call__(self, data):
        self.calls.append(dict(data))
        if self.error is not None:
            raise self.error
        return self.result


def _post(data):
    return RequestFactory().post("/notes/", data)


def test_valid_post_runs_the_service_with_cleaned_data_and_keeps_its_result():
    request = _post(VALID)
    form = NoteForm(request.POST)
    service = Service(result="row-1")

    submitted = form.submit_to(request, service)

    assert submitted is True
    assert service.calls == [{"title": "请假", "days": 3}]
    assert form.service_result == "row-1"
    assert form.errors == {}


def test_domain_error_lands_on_the_mapped_field_and_nothing_else_changes():
    request = _post(VALID)
    form = NoteForm(request.POST)
    service = Service(error=InvalidInput("请假不得超过七日。", field="duration"))

    submitted = form.submit_to(request, service)

    assert submitted is False
    assert service.calls == [{"title": "请假", "days": 3}]
    assert form.errors == {"days": ["请假不得超过七日。"]}
    assert form.cleaned_data == {"title": "请假"}  # add_error drops the field, as Django does
    assert form.service_result is None


def test_domain_error_without_a_field_of_the_form_is_a_form_error():
    request = _post(VALID)
    form = NoteForm(request.POST)

    submitted = form.submit_to(request, Service(error=InvalidInput("出了点问题", field="unknown")))

    assert submitted is False
    assert form.errors == {"__all__": ["出了点问题"]}


def test_invalid_form_does_not_call_the_service():
    request = _post({"title": "请假", "days": "0"})
    form = NoteForm(request.POST)
    service = Service(result="row-1")

    submitted = form.submit_to(request, service)

    assert submitted is False
    assert service.calls == []
    assert form.errors == {"days": ["确保该值大于或等于1。"]}
    assert form.service_result is None


def test_get_does_not_call_the_service_even_with_valid_data():
    request = RequestFactory().get("/notes/", VALID)
    form = NoteForm(request.GET)
    service = Service(result="row-1")

    submitted = form.submit_to(request, service)

    assert submitted is False
    assert service.calls == []
    assert form.service_result is None


def test_other_exceptions_are_not_caught():
    request = _post(VALID)
    form = NoteForm(request.POST)

    with pytest.raises(ValueError):
        form.submit_to(request, Service(error=ValueError("bug")))

    assert form.errors == {}


def test_not_found_is_not_a_form_error_but_reaches_the_view_as_a_404():
    request = _post(VALID)
    form = NoteForm(request.POST)

    with pytest.raises(NotFound):
        form.submit_to(request, Service(error=NotFound()))

    assert form.errors == {}
    assert form.service_result is None
