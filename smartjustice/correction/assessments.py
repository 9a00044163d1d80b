"""Questionnaires as data: checking a definition, scoring answers, finding the band (pure
functions), and the instruments shipped by default.

The shipped questionnaires are short local instruments written for this platform to support
分类管理 (《社区矫正法》第三条, 第二十四条) and 心理辅导 (第四十条); they are not validated
clinical scales, and a band only *suggests* a classification level that an officer confirms.
Administrators replace them or add others (admin), each checked by `validate_definition`.
"""
from __future__ import annotations

from django.utils.translation import gettext as _

from smartjustice.core.errors import InvalidInput


def validate_definition(definition) -> None:
    """InvalidInput unless `definition` has questions with unique ids and at least two options
    each (label + integer score), and bands that cover every reachable total without overlap."""
    if not isinstance(definition, dict):
        raise InvalidInput(_("A questionnaire definition is an object with questions and bands."))
    questions, bands = definition.get("questions"), definition.get("bands")
    if not isinstance(questions, list) or not questions:
        raise InvalidInput(_("A questionnaire needs at least one question."), field="questions")
    ids = set()
    low = high = 0
    for question in questions:
        qid, options = question.get("id"), question.get("options")
        if not qid or qid in ids or not question.get("text"):
            raise InvalidInput(_("Each question needs a unique id and a text."), field="questions")
        ids.add(qid)
        if not isinstance(options, list) or len(options) < 2 or any(
                not option.get("label") or not isinstance(option.get("score"), int) for option in options):
            raise InvalidInput(_("Each question needs at least two options, each with a label and a whole-number score."),
                               field="questions")
        scores = [option["score"] for option in options]
        low, high = low + min(scores), high + max(scores)
    if not isinstance(bands, list) or not bands:
        raise InvalidInput(_("A questionnaire needs score bands."), field="bands")
    ordered = sorted(bands, key=lambda band: band.get("min", 0))
    expected = low
    for band in ordered:
        if not isinstance(band.get("min"), int) or not isinstance(band.get("max"), int) or not band.get("label"):
            raise InvalidInput(_("Each band needs a label and whole-number min and max."), field="bands")
        if band["min"] != expected or band["max"] < band["min"]:
            raise InvalidInput(_("The bands must cover every possible total once, from %(low)s to %(high)s.")
                               % {"low": low, "high": high}, field="bands")
        expected = band["max"] + 1
    if expected != high + 1:
        raise InvalidInput(_("The bands must cover every possible total once, from %(low)s to %(high)s.")
                           % {"low": low, "high": high}, field="bands")


def score(definition: dict, answers: dict) -> int:
    """Total of the chosen options. `answers` maps every question id to an option index;
    a missing, extra or out-of-range answer is InvalidInput naming the question."""
    total = 0
    known = {question["id"] for question in definition["questions"]}
    extra = set(answers) - known
    if extra:
        raise InvalidInput(_("Unknown question."), field=sorted(extra)[0])
    for question in definition["questions"]:
        choice = answers.get(question["id"])
        try:
            index = int(choice)
        except (TypeError, ValueError):
            raise InvalidInput(_("Please answer this question."), field=question["id"]) from None
        if not 0 <= index < len(question["options"]):
            raise InvalidInput(_("Please answer this question."), field=question["id"])
        total += question["options"][index]["score"]
    return total


def band_for(definition: dict, total: int) -> dict:
    """The band whose [min, max] holds `total`."""
    for band in definition["bands"]:
        if band["min"] <= total <= band["max"]:
            return band
    raise InvalidInput(_("The total lies outside every band."))


def _yes_no(qid, text, yes=2, no=0):
    return {"id": qid, "text": text, "options": [{"label": "否", "score": no}, {"label": "有时", "score": 1},
                                                  {"label": "是", "score": yes}]}


# code: (title, kind, definition). Local instruments (see the module docstring).
DEFAULT_QUESTIONNAIRES = {
    "risk-basic": ("再犯风险初评（本地量表）", "risk", {
        "questions": [
            _yes_no("r1", "过去一年内是否有过违反监督管理规定的行为？"),
            _yes_no("r2", "目前是否没有稳定的工作或收入来源？"),
            _yes_no("r3", "是否与有违法犯罪记录的人员经常来往？"),
            _yes_no("r4", "是否有酗酒、赌博或吸毒等不良嗜好？"),
            _yes_no("r5", "家庭是否缺乏对您的支持和监督？"),
        ],
        "bands": [
            {"min": 0, "max": 3, "label": "低风险", "level": "lenient"},
            {"min": 4, "max": 6, "label": "中风险", "level": "ordinary"},
            {"min": 7, "max": 10, "label": "高风险", "level": "strict"},
        ]}),
    "mood-basic": ("心理状况自评（本地量表）", "psychological", {
        "questions": [
            _yes_no("m1", "最近两周是否经常感到情绪低落或烦躁？"),
            _yes_no("m2", "最近两周是否睡眠不好？"),
            _yes_no("m3", "是否觉得生活没有希望？", yes=3),
            _yes_no("m4", "是否难以与家人或他人相处？"),
        ],
        "bands": [
            {"min": 0, "max": 3, "label": "状态平稳", "level": ""},
            {"min": 4, "max": 6, "label": "建议心理辅导", "level": ""},
            {"min": 7, "max": 9, "label": "建议尽快心理干预并加强管理", "level": "strict"},
        ]}),
}


def install_defaults(apps=None) -> int:
    """Create the shipped questionnaires that are missing; edited ones are left alone."""
    model = apps.get_model("correction", "Questionnaire") if apps else None
    if model is None:
        from .models import Questionnaire as model
    created = 0
    for code, (title, kind, definition) in DEFAULT_QUESTIONNAIRES.items():
        validate_definition(definition)
        _row, made = model.objects.get_or_create(code=code, defaults={"title": title, "kind": kind,
                                                                      "definition": definition})
        created += made
    return created
