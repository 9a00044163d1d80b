"""Collect translatable strings from Python sources and templates, for the catalogue tests.

Python: the first argument of _(), gettext(), gettext_lazy(), pgettext()... (read with ast,
so implicitly concatenated literals count as one string). Templates: {% translate "..." %}
and the singular text of {% blocktranslate %}, with {{ name }} written as %(name)s, which
is how Django looks it up.
"""
import ast
import re
from pathlib import Path

GETTEXT_NAMES = {"_", "gettext", "gettext_lazy", "ngettext", "ngettext_lazy", "pgettext", "pgettext_lazy"}
CONTEXT_NAMES = {"pgettext", "pgettext_lazy"}

TRANSLATE_TAG = re.compile(r"""{%\s*(?:translate|trans)\s+(?P<q>["'])(?P<text>.*?)(?P=q)""", re.S)
BLOCK_TAG = re.compile(r"{%\s*blocktrans(?:late)?(?P<args>[^%]*)%}(?P<body>.*?){%\s*(?:plural|endblocktrans(?:late)?)\s*%}", re.S)
VARIABLE = re.compile(r"{{\s*(\w+)\s*}}")


def python_msgids(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
        if name not in GETTEXT_NAMES:
            continue
        arg = node.args[1] if name in CONTEXT_NAMES and len(node.args) > 1 else node.args[0]
        if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
            found.add(arg.value)
    return found


def template_msgids(path: Path) -> set[str]:
    text = path.read_text(encoding="utf-8")
    found = {match["text"] for match in TRANSLATE_TAG.finditer(text)}
    for match in BLOCK_TAG.finditer(text):
        body = match["body"]
        if "trimmed" in match["args"]:
            body = " ".join(line.strip() for line in body.strip().splitlines())
        found.add(VARIABLE.sub(r"%(\1)s", body))
    return found


def msgids_under(*roots: Path, python: bool = True, templates: bool = True) -> set[str]:
    found: set[str] = set()
    for root in roots:
        if python:
            for path in root.rglob("*.py"):
                if "tests" in path.parts or "migrations" in path.parts:
                    continue
                found |= python_msgids(path)
        if templates:
            for path in root.rglob("*.html"):
                found |= template_msgids(path)
    return found
