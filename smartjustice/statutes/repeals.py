"""Which laws of the library a later law of the library repealed (废止).

The corpus carries no "repealed" field, but a law that replaces another says so in its own
text, usually in its last article: "本法自2022年1月1日起施行。《中华人民共和国环境噪声污染
防治法》同时废止。" (《噪声污染防治法》第九十条). Read from those provisions:

  - named: a law whose title is named as repealed (同时废止 / 予以废止 / 即行废止 / 废止) by a
    provision of a law with a later date. The date rule keeps an old provision from repealing a
    newer law of the same title (《人民检察院刑事诉讼规则（试行）》(2012) 第七百零八条 repealed
    the 1999 规则, not the 2019 one).
  - interpreted_law: a judicial interpretation "关于适用《X》…" whose law X was repealed that
    way; 《民法典》第一千二百六十条 repealed 婚姻法, 担保法, 合同法, 物权法 …, so the
    interpretations of those laws no longer have a law to interpret.

Not read as a repeal: a named article or clause (《X》第十条…废止, a partial repeal), and the
amendment decisions a provision names in passing (《关于修改〈X〉的决定》).
A repealed law still governs facts that occurred while it was in force, so it stays in the
library, marked, with a link to the provision that repealed it.
"""
import dataclasses
import datetime as dt
import re

# A run of titles that ends in 废止: 《A》、《B》和1993年…发布的《C》同时废止.
_REPEAL_RUN = re.compile(r"((?:《[^《》]{2,80}》[^《》。；：:]{0,40}?)+?)(?:同时|予以|即行|一并)?废止")
_TITLE = re.compile(r"《([^《》]{2,80})》")
_ARTICLE_AFTER_TITLE = re.compile(r"^\s*(?:的)?第[零〇一二三四五六七八九十百千0-9]+[条款项章节]")
_INTERPRETED = re.compile(r"关于适用《([^《》]{2,80})》")
NATIONAL_PREFIX = "中华人民共和国"


def title_key(title: str) -> str:
    """A title as cited anywhere: without 中华人民共和国, with full-width brackets, no spaces."""
    key = title.strip().replace("(", "（").replace(")", "）").replace(" ", "")
    return key[len(NATIONAL_PREFIX):] if key.startswith(NATIONAL_PREFIX) else key


def named_as_repealed(text: str) -> list[str]:
    """Title keys of the laws a provision repeals, in order of appearance, each once."""
    found: list[str] = []
    for sentence in re.split(r"[。；;]", text):
        for run in _REPEAL_RUN.finditer(sentence):
            segment = run.group(1)
            titles = list(_TITLE.finditer(segment))
            if any(word in segment[titles[-1].end():] for word in ("规定", "依照", "根据", "按照")):
                continue  # 依照《X》的规定予以废止: X is the rule applied, not the law repealed
            for title in titles:
                name = title.group(1)
                if "关于修改" in name or "〈" in name:
                    continue  # an amendment decision named in the repealed law's history
                if _ARTICLE_AFTER_TITLE.match(segment[title.end():]):
                    continue  # 《X》第十条 …废止: part of a law, not the law
                key = title_key(name)
                if key not in found:
                    found.append(key)
    return found


_COMMENCEMENT = re.compile(r"自\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*起\s*施行")


def commencement(text: str) -> dt.date | None:
    """The day a provision says its law comes into force ("本法自2026年1月1日起施行"), if it
    names one. The corpus's info lines rarely carry the 施行 date (22 of the 23 repealing laws
    have none), and a repeal takes effect on that day, not on adoption; "自公布之日起施行"
    names no day, and the version date stands for it."""
    match = _COMMENCEMENT.search(text)
    if not match:
        return None
    try:
        return dt.date(*(int(part) for part in match.groups()))
    except ValueError:
        return None


def interpreted_law(title: str) -> str | None:
    """The title key of the law a judicial interpretation applies (关于适用《X》…), if any."""
    match = _INTERPRETED.search(title)
    return title_key(match.group(1)) if match else None


@dataclasses.dataclass(frozen=True)
class LawRow:
    id: int
    title: str
    version_on: dt.date | None
    effective_on: dt.date | None
    is_current: bool


@dataclasses.dataclass(frozen=True)
class Repeal:
    article_id: int
    basis: str  # "named" or "interpreted_law"


def find_repeals(laws: list[LawRow], provisions: list[tuple[int, int, str]], *,
                 today: dt.date) -> dict[int, Repeal]:
    """Law id → the provision that repealed it, for every version in `laws` that a provision
    (article id, law id, text) of a later law repeals, directly or through the law it
    interprets. A repeal takes effect when the repealing law does (the day its provision names,
    else its effective date, else its version date): until `today` reaches it the old law is
    still in force and is not marked.
    Where several provisions repeal one law, that of a current version wins, then the earliest."""
    by_id = {law.id: law for law in laws}
    by_key: dict[str, list[LawRow]] = {}
    for law in laws:
        by_key.setdefault(title_key(law.title), []).append(law)
    # title key → [(date the repeal took effect, repealing law is current, article id)]
    repealed_keys: dict[str, list[tuple[dt.date | None, bool, int]]] = {}
    for article_id, law_id, text in provisions:
        law = by_id.get(law_id)
        if law is None:
            continue
        in_force_from = commencement(text) or law.effective_on or law.version_on
        if in_force_from is not None and in_force_from > today:
            continue
        for key in named_as_repealed(text):
            if key != title_key(law.title):
                repealed_keys.setdefault(key, []).append((in_force_from, law.is_current, article_id))

    def best(candidates, version_on):
        later = [c for c in candidates if version_on is None or (c[0] is not None and c[0] > version_on)]
        if not later:
            return None
        return min(later, key=lambda c: (not c[1], c[0] or dt.date.max, c[2]))[2]

    result: dict[int, Repeal] = {}
    for key, candidates in repealed_keys.items():
        for law in by_key.get(key, []):
            article_id = best(candidates, law.version_on)
            if article_id is not None:
                result[law.id] = Repeal(article_id, "named")
    for law in laws:
        if law.id in result:
            continue
        interpreted = interpreted_law(law.title)
        if interpreted and interpreted in repealed_keys:
            article_id = best(repealed_keys[interpreted], law.version_on)
            if article_id is not None:
                result[law.id] = Repeal(article_id, "interpreted_law")
    return result
