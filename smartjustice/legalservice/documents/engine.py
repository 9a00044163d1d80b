"""The interview engine: reads the data of interviews.py; knows no document's wording.

Pure functions: which questions a step shows given the answers so far, validating one
step's input (a message per field, in the user's language), what is still missing, and the
review summary.
"""
from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from smartjustice.accounts.identity import validate_resident_id
from smartjustice.core.errors import DomainError

from .errors import UnknownDocument
from .interviews import DOCUMENTS, DocumentSpec, Question

PHONE_RE = re.compile(r"^[0-9+\-() ]{7,20}$")


def get_spec(kind: str) -> DocumentSpec:
    try:
        return DOCUMENTS[kind]
    except KeyError:
        raise UnknownDocument() from None


def is_shown(question: Question, answers: dict) -> bool:
    if question.show_if is None:
        return True
    key, value = question.show_if
    return answers.get(key) == value


def visible_questions(spec: DocumentSpec, step_index: int, answers: dict) -> list[Question]:
    return [q for q in spec.steps[step_index].questions if is_shown(q, answers)]


def visible_steps(spec: DocumentSpec, answers: dict) -> list[int]:
    """Indexes of steps with at least one question to ask."""
    return [index for index in range(len(spec.steps)) if visible_questions(spec, index, answers)]


def clean_answer(question: Question, raw, today: dt.date) -> str:
    """The answer as stored (a string), or ValueError with the message to show."""
    value = "" if raw is None else str(raw).strip()
    if not value:
        if question.required:
            raise ValueError(_("Please answer this question."))
        return ""
    if len(value) > question.max_length:
        raise ValueError(_("Please keep this under %(count)s characters.") % {"count": question.max_length})
    if question.kind == "date":
        try:
            day = dt.date.fromisoformat(value)
        except ValueError:
            raise ValueError(_("Please give a date as YYYY-MM-DD.")) from None
        if question.not_after_today and day > today:
            raise ValueError(_("This date cannot be in the future."))
        return day.isoformat()
    if question.kind == "money":
        try:
            amount = Decimal(value.replace(",", "").replace("，", ""))
        except InvalidOperation:
            raise ValueError(_("Please give an amount in yuan, e.g. 50000 or 50000.50.")) from None
        if not amount.is_finite() or amount < 0 or (amount == 0 and not question.allow_zero):
            raise ValueError(_("The amount cannot be negative.") if question.allow_zero
                             else _("The amount must be more than zero."))
        if amount != amount.quantize(Decimal("0.01")):
            raise ValueError(_("An amount has at most two decimals (fen)."))
        return format(amount.quantize(Decimal("0.01")), "f")
    if question.kind == "count":
        if not value.isascii() or not value.isdigit() or not 1 <= int(value) <= 99:
            raise ValueError(_("Please give a whole number from 1 to 99."))
        return str(int(value))
    if question.kind == "phone" and not PHONE_RE.match(value):
        raise ValueError(_("Please give a phone number of digits only, e.g. 13800000000."))
    if question.kind == "id_number":
        try:
            value = validate_resident_id(value, today=today)
        except DomainError as exc:
            raise ValueError(str(exc)) from None
    if question.kind == "choice" and value not in {choice for choice, _label in question.choices}:
        raise ValueError(_("Please choose one of the options."))
    return value


def validate_step(spec: DocumentSpec, step_index: int, data, answers: dict, today: dt.date):
    """(cleaned answers of the step, {key: message}) — answers of other steps decide conditions."""
    merged = {**answers, **{q.key: str(data.get(q.key, "")).strip() for q in spec.steps[step_index].questions}}
    cleaned, errors = {}, {}
    for question in visible_questions(spec, step_index, merged):
        try:
            cleaned[question.key] = clean_answer(question, data.get(question.key), today)
        except ValueError as exc:
            errors[question.key] = str(exc)
    return cleaned, errors


def first_missing(spec: DocumentSpec, answers: dict, today: dt.date) -> tuple[int, Question] | None:
    """The first step and question whose stored answer is missing or no longer valid."""
    for step_index in range(len(spec.steps)):
        for question in visible_questions(spec, step_index, answers):
            try:
                clean_answer(question, answers.get(question.key), today)
            except ValueError:
                return step_index, question
    return None


def visible_answers(spec: DocumentSpec, answers: dict) -> dict:
    """Only the answers to questions that are asked now: an answer left from before a change
    (e.g. a loan date after switching to a labour dispute) never reaches the document."""
    return {q.key: answers[q.key] for index in range(len(spec.steps))
            for q in visible_questions(spec, index, answers) if q.key in answers}


def display_value(question: Question, value: str) -> str:
    if question.kind == "choice":
        return str(dict(question.choices).get(value, value))
    return value


def review(spec: DocumentSpec, answers: dict) -> list[dict]:
    """The plain summary: each step with its questions and answers, for the review page."""
    return [{"index": index, "title": spec.steps[index].title,
             "answers": [(q.label, display_value(q, answers.get(q.key, ""))) for q in
                         visible_questions(spec, index, answers)]}
            for index in visible_steps(spec, answers)]
