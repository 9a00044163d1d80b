"""Reading a law folder in the layout of shared/laws into plain data (no database).

Layout: PATH/<category>/<short title>[(<YYYY-MM-DD>)].md, where the date is the version date.
A file reads:

    # 中华人民共和国体育法              title (a second "# 总则" line names a part, as in 民法典)
    1995年8月29日 ……通过               info lines: promulgation, amendments, entry into force
    <!-- INFO END -->
    ## 第一章 总 则                     chapter; ### section; #### subsection
    第一条 ……                          an article; following lines are its further paragraphs
    第一百二十条之一 ……                 an inserted article

Files with the same title and version date are one law: either the same file name under
two categories (广告法 in 行政法 and 经济法, one copy kept), or the parts of a code split over several files
(民法典 总则, 物权编, …), which are joined in article order.
"""
import dataclasses
import datetime as dt
import hashlib
import re
from pathlib import Path

from django.utils.translation import gettext as _

from .errors import CorpusNotFound, EmptyCorpus, MalformedLawFile
from .numerals import NUMERAL_CHARS, format_label, parse_number

INFO_END = "<!-- INFO END -->"
NATIONAL_PREFIX = "中华人民共和国"
_ARTICLE_RE = re.compile(
    rf"^第([{NUMERAL_CHARS}]+)(?:\s+条|条)(?:之([{NUMERAL_CHARS}]+))?(?:\s+|$)(.*)$"
)
# "第一百二十八 条侦查人员": a stray space before 条 but none after it (a typo in the corpus).
_ARTICLE_SPACED_RE = re.compile(rf"^第([{NUMERAL_CHARS}]+)\s+条(?:之([{NUMERAL_CHARS}]+))?(.*)$")
_DATE_RE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")
_VERSION_RE = re.compile(r"\((\d{4}-\d{2}-\d{2})\)$")
_AMENDMENT_WORDS = ("修正", "修订", "修改")


@dataclasses.dataclass
class ParsedArticle:
    number: int
    suffix: int
    label: str
    chapter_path: list[str]
    paragraphs: list[str]

    @property
    def text(self) -> str:
        return "\n".join(self.paragraphs)


@dataclasses.dataclass
class ParsedFile:
    path: str  # relative to the corpus folder, with forward slashes
    category: str
    title: str
    part: str
    info_lines: list[str]
    version_on: dt.date | None
    preamble: list[str]
    articles: list[ParsedArticle]
    body_hash: str


@dataclasses.dataclass
class ParsedLaw:
    title: str
    short_title: str
    category: str
    categories: list[str]
    version_on: dt.date | None
    promulgated_on: dt.date | None
    amended_on: list[dt.date]
    effective_on: dt.date | None
    info: str
    preamble: str
    source_paths: list[str]
    content_hash: str
    articles: list[ParsedArticle]

    @property
    def version_label(self) -> str:
        return self.version_on.isoformat() if self.version_on else ""


def short_title(title: str) -> str:
    """"中华人民共和国行政复议法" → "行政复议法"; other titles are returned unchanged."""
    return title[len(NATIONAL_PREFIX):] if title.startswith(NATIONAL_PREFIX) else title


def _clean(line: str) -> str:
    return re.sub(r"\s+", " ", line).strip()


def _dates(line: str) -> list[dt.date]:
    found = []
    for year, month, day in _DATE_RE.findall(line):
        try:
            found.append(dt.date(int(year), int(month), int(day)))
        except ValueError:
            continue
    return found


def _article_start(line: str):
    match = _ARTICLE_RE.match(line) or _ARTICLE_SPACED_RE.match(line)
    if not match:
        return None
    number, suffix = parse_number(match.group(1)), parse_number(match.group(2)) if match.group(2) else 0
    return number, suffix, match.group(3).strip()


def parse_file(path: Path, root: Path) -> ParsedFile:
    """One markdown file → ParsedFile. Raises MalformedLawFile naming the file and the problem."""
    relative = path.relative_to(root).as_posix()
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise MalformedLawFile(path=relative, problem=_("the file is not UTF-8 text")) from None
    lines = text.replace("\r\n", "\n").split("\n")
    if INFO_END not in (line.strip() for line in lines):
        raise MalformedLawFile(path=relative, problem=_("the line <!-- INFO END --> is missing"))
    end = [line.strip() for line in lines].index(INFO_END)
    head, body = lines[:end], lines[end + 1:]
    headings = [line for line in head if line.startswith("# ")]
    if not headings or not _clean(headings[0][2:]):
        raise MalformedLawFile(path=relative, problem=_("the first heading (# title) is missing"))
    title = _clean(headings[0][2:]).replace(" ", "")
    part = _clean(headings[1][2:]) if len(headings) > 1 else ""
    info_lines = [_clean(line) for line in head if line.strip() and not line.startswith("#")]

    chapter: list[str] = [part] if part else []
    base_depth = len(chapter)
    preamble: list[str] = []
    articles: list[ParsedArticle] = []
    seen: set[str] = set()
    for raw in body:
        line = raw.strip()
        if not line:
            continue
        if line.startswith("#"):
            level = len(line) - len(line.lstrip("#"))
            name = _clean(line.lstrip("#"))
            # "## 第一章" is level 0 under the part; an empty "##" closes the chapter (附则).
            depth = base_depth + max(level - 2, 0)
            chapter = chapter[:depth] + ([name] if name else [])
            continue
        start = _article_start(line)
        if start is not None:
            number, suffix, first = start
            label = format_label(number, suffix)
            if label in seen:
                raise MalformedLawFile(path=relative, problem=_("article %s appears twice") % label)
            seen.add(label)
            articles.append(ParsedArticle(number, suffix, label, list(chapter), [first] if first else []))
        elif articles:
            articles[-1].paragraphs.append(line)
        else:
            preamble.append(line)

    version = _VERSION_RE.search(path.stem)
    version_on = dt.date.fromisoformat(version.group(1)) if version else None
    category = relative.split("/")[0] if "/" in relative else ""
    body_hash = hashlib.sha256("\n".join(body).encode("utf-8")).hexdigest()
    return ParsedFile(relative, category, title, part, info_lines, version_on, preamble, articles, body_hash)


def _info_dates(info_lines: list[str]):
    """(promulgated_on, amended_on, effective_on) from the info lines.

    The first dated line is the adoption (通过/公布); dated lines that say 修正/修订/修改 are
    amendments; a line that says 施行 and nothing about adoption gives the entry into force."""
    promulgated, amended, effective = None, [], None
    for line in info_lines:
        dates = _dates(line)
        if not dates:
            continue
        if "施行" in line and not any(word in line for word in ("通过", "公布", *_AMENDMENT_WORDS)):
            effective = effective or dates[0]
            continue
        if promulgated is None:
            promulgated = dates[0]
        elif any(word in line for word in _AMENDMENT_WORDS) or "通过" in line:
            amended.append(dates[0])
    return promulgated, sorted(set(amended)), effective


def _merge(files: list[ParsedFile]) -> ParsedLaw:
    # A file name under several categories is one text filed twice (the copies differ only in
    # spacing or an extra info line): keep the copy with the fullest info. Other names are parts.
    unique: dict[str, ParsedFile] = {}
    for parsed in sorted(files, key=lambda f: (-len(f.info_lines), f.path)):
        unique.setdefault(parsed.path.rsplit("/", 1)[-1], parsed)
    parts = sorted(unique.values(), key=lambda f: (f.articles[0].number if f.articles else 10**6, f.path))
    first = parts[0]
    articles = [article for part in parts for article in part.articles]
    labels = [article.label for article in articles]
    if len(set(labels)) != len(labels):
        duplicate = next(label for label in labels if labels.count(label) > 1)
        raise MalformedLawFile(path=", ".join(p.path for p in parts),
                               problem=_("article %s appears twice") % duplicate)
    promulgated, amended, effective = _info_dates(first.info_lines)
    version_on = first.version_on or (max([promulgated, *amended]) if promulgated else None)
    categories = sorted({f.category for f in files})
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.path.encode("utf-8") + b"\0" + "\n".join(part.info_lines).encode("utf-8"))
        digest.update(part.body_hash.encode("ascii"))
    return ParsedLaw(
        title=first.title,
        short_title=short_title(first.title),
        category=first.category,
        categories=categories,
        version_on=version_on,
        promulgated_on=promulgated,
        amended_on=amended,
        effective_on=effective,
        info="\n".join(first.info_lines),
        preamble="\n".join(line for part in parts for line in part.preamble),
        source_paths=sorted(f.path for f in files),
        content_hash=digest.hexdigest(),
        articles=articles,
    )


def parse_corpus(root: Path | str) -> list[ParsedLaw]:
    """Every law in the folder, one ParsedLaw per (title, version date).

    Raises CorpusNotFound, EmptyCorpus or MalformedLawFile; reads nothing else."""
    root = Path(root)
    if not root.is_dir():
        raise CorpusNotFound(path=str(root))
    paths = sorted(p for p in root.rglob("*.md") if p.name != "_index.md" and p.is_file())
    if not paths:
        raise EmptyCorpus(path=str(root))
    groups: dict[tuple[str, str], list[ParsedFile]] = {}
    for path in paths:
        parsed = parse_file(path, root)
        key = (parsed.title, parsed.version_on.isoformat() if parsed.version_on else "")
        groups.setdefault(key, []).append(parsed)
    return [_merge(files) for files in groups.values()]
