"""An optional drafted answer from a language model, grounded only in the retrieved articles.

Off by default: settings.CONSULT_GENERATION_URL (an OpenAI-compatible base URL such as a
self-hosted server's "http://10.0.0.5:8000/v1") turns it on, with CONSULT_GENERATION_MODEL and,
where the server needs one, CONSULT_GENERATION_API_KEY. settings.CONSULT_DRAFTER may name
another implementation (a dotted path; tests use a fake). The consultation works fully without
a drafter: the articles, next step and offers do not depend on it.

Grounding: the model is given only the retrieved articles and told to cite them as
《法名》第X条. A draft that cites any article it was not given, or none at all, is discarded
(`grounded_draft`), so a drafted answer never brings in law the citizen cannot check.
"""
from __future__ import annotations

import json
import logging
import re
import urllib.request
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)
_CITED = re.compile(r"《([^《》]{1,80})》\s*(第[零〇一二三四五六七八九十百千万]+条(?:之[一二三四五六七八九十]+)?)")

SYSTEM_PROMPT = (
    "你是县司法局的法律咨询助手。只依据下面给出的法条回答群众的问题，用通俗的中文，不超过300字。"
    "每个判断都要注明所依据的法条，格式为《法律名称》第X条。给出的法条不能回答的，直接说明并建议咨询律师，不要猜测。"
)


class Drafter(Protocol):
    def draft(self, question: str, articles: list[dict]) -> str: ...


class OpenAICompatibleDrafter:
    """POST {url}/chat/completions in the OpenAI format; a timeout or error means no draft."""

    def __init__(self, url: str, model: str, api_key: str = "", timeout: float = 20.0):
        self.url, self.model, self.api_key, self.timeout = url.rstrip("/"), model, api_key, timeout

    def draft(self, question: str, articles: list[dict]) -> str:
        context = "\n\n".join(f"《{item['law_title']}》{item['label']}：{item['text']}" for item in articles)
        body = json.dumps({
            "model": self.model,
            "temperature": 0.2,
            "messages": [{"role": "system", "content": SYSTEM_PROMPT},
                         {"role": "user", "content": f"法条：\n{context}\n\n问题：{question}"}],
        }).encode()
        headers = {"Content-Type": "application/json"}
        if self.api_key:
            headers["Authorization"] = f"Bearer {self.api_key}"
        request = urllib.request.Request(f"{self.url}/chat/completions", data=body, headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310 (configured URL)
                data = json.load(response)
            return data["choices"][0]["message"]["content"].strip()
        except Exception:  # the page must work without the drafter
            logger.warning("consultation drafter failed", exc_info=True)
            return ""


def get_drafter() -> Drafter | None:
    """The configured drafter, or None (the default): no generation."""
    path = getattr(settings, "CONSULT_DRAFTER", "")
    if path:
        return import_string(path)()
    url = getattr(settings, "CONSULT_GENERATION_URL", "")
    if not url:
        return None
    return OpenAICompatibleDrafter(url, getattr(settings, "CONSULT_GENERATION_MODEL", ""),
                                   getattr(settings, "CONSULT_GENERATION_API_KEY", ""))


def _short(title: str) -> str:
    return title.removeprefix("中华人民共和国")


def grounded_draft(text: str, articles: list[dict]) -> str:
    """`text` if every article it cites is among `articles` and it cites at least one; else ""."""
    allowed = {(_short(item["law_title"]), item["label"]) for item in articles}
    cited = {(_short(title), label) for title, label in _CITED.findall(text or "")}
    if not cited or not cited <= allowed:
        return ""
    return text.strip()


def draft_answer(question: str, articles: list[dict]) -> str:
    """A grounded draft from the configured drafter, or "" (none configured, failed, ungrounded)."""
    drafter = get_drafter()
    if drafter is None or not articles:
        return ""
    return grounded_draft(drafter.draft(question, articles), articles)
