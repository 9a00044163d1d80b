"""The search index: built from the current versions in the library, saved as one file beside
the database, loaded once per process. See SEARCH_NOTES.md for what each part contributes.

Score of an article for a question (all terms after tokenize.words):
    BM25(article text)                               k1=1.2, b=0.5
  + 0.3 · BM25(chapter and section headings)
  + 0.3 · BM25(all articles of the article's section as one document)   b=0.5: the context of
          an article (仓储合同's 本章没有规定的… article is found through its chapter's words)
  + 0.3 · BM25(character bigrams of the article text)  k1=1.2, b=0.5: words jieba cuts differently
  + 3.0 · z-score of cos(question, heading of the article's section) under multilingual-e5-small
          (search/dense.py; absent when the encoder is not installed)
  + 3.0 · z-score of cos(question, the article itself) under the same model, for the articles of
          the most authoritative laws (law_prior order) up to settings.STATUTES_DENSE_ARTICLES
          articles; the z-score is taken over those articles only (absent for the others)
  + 0.3 · BM25(the whole law as one document)       law-level relevance
  + 0.5 · the four lexical fields above (article, headings, section, law) for the statutory words
          of the question's everyday words (lay_terms.py: 老板 → 用人单位, 车祸 → 交通事故)
  + 1.0 · log(1 + times the law is cited 《…》 in the corpus)   authority of the law
  + 1.0 · log(1 + articles in the law)              comprehensive laws answer more questions
  + 1.0 · [national law, 中华人民共和国…]
  − 20  · [the law was repealed by a later law of the library, or the law it interprets was]
          (repeals.py): more than the whole spread of the authority terms above, so a repealed
          law never outranks one in force on authority alone; it still shows where its words
          match far better (it governs facts from before the repeal) and is marked as repealed
"""
import dataclasses
import hashlib
import math
import os
import pickle
import re
import tempfile
import threading
import time
from pathlib import Path

import numpy as np
from django.conf import settings

from . import dense, lay_terms
from .bm25 import BM25
from .tokenize import bigrams, question_bigrams, title_words, words

FORMAT_VERSION = 7
WEIGHTS = {"chapter": 0.3, "section": 0.3, "bigram": 0.3, "dense": 3.0, "dense_article": 3.0, "law": 0.3, "cited": 1.0, "size": 1.0, "national": 1.0, "repealed": 20.0, "lay": 0.5}
ARTICLE_K1, ARTICLE_B = 1.2, 0.5
_CITED_RE = re.compile(r"《([^《》]{1,80})》")


@dataclasses.dataclass(frozen=True)
class Hit:
    article_id: int
    citation: str
    score: float


def library_fingerprint() -> str:
    """A digest of the current library (law ids and content hashes): equal fingerprints mean
    the index built from one is valid for the other."""
    from ..models import Law

    digest = hashlib.sha256()
    for law_id, content_hash, is_current, repeal in (Law.objects.order_by("id")
                                                     .values_list("id", "content_hash", "is_current", "repeal_basis")):
        digest.update(f"{law_id}:{content_hash}:{int(is_current)}:{repeal};".encode())
    return digest.hexdigest()


class Engine:
    """An index in memory. `search` is read-only and safe to call from several threads."""

    def __init__(self, *, fingerprint, article_ids, citations, article_law, article_section, article_bm25,
                 chapter_bm25, section_bm25, bigram_bm25, law_bm25, law_prior, built_at, build_seconds,
                 section_vectors=None, dense_articles=None, article_vectors=None):
        self.fingerprint = fingerprint
        self.article_ids = article_ids
        self.citations = citations
        self.article_law = article_law
        self.article_bm25 = article_bm25
        self.chapter_bm25 = chapter_bm25
        self.article_section = article_section
        self.section_bm25 = section_bm25
        self.bigram_bm25 = bigram_bm25
        self.section_vectors = section_vectors
        # Positions (into article_ids) of the articles embedded whole, and their vectors.
        self.dense_articles = dense_articles
        self.article_vectors = article_vectors
        self.law_bm25 = law_bm25
        self.law_prior = law_prior
        self.built_at = built_at
        self.build_seconds = build_seconds

    def scores(self, query: str) -> np.ndarray:
        terms = words(query)
        if not terms:
            return np.zeros(len(self.article_ids), dtype=np.float32)
        total = self._word_fields(terms)
        total += WEIGHTS["bigram"] * self.bigram_bm25.score(question_bigrams(query))
        total += self.law_prior[self.article_law]
        statutory = lay_terms.expand(terms)
        if statutory:
            total += WEIGHTS["lay"] * self._word_fields(statutory)
        if self.section_vectors is not None and dense.enabled():
            question = dense.embed_query(query)
            # z-scores: cosine values of e5 crowd near 0.8; what counts is how a section (an
            # article) stands out from the others for this question.
            total += WEIGHTS["dense"] * _zscores(self.section_vectors @ question)[self.article_section]
            if self.article_vectors is not None and len(self.dense_articles):
                total[self.dense_articles] += WEIGHTS["dense_article"] * _zscores(self.article_vectors @ question)
        return total

    def _word_fields(self, terms: list[str]) -> np.ndarray:
        """The weighted word fields of every article for these words: its text, its headings,
        its section and its law (the question's own words, and the statutory words added for
        its everyday ones)."""
        score = self.article_bm25.score(terms)
        score += WEIGHTS["chapter"] * self.chapter_bm25.score(terms)
        score += WEIGHTS["section"] * self.section_bm25.score(terms)[self.article_section]
        score += (WEIGHTS["law"] * self.law_bm25.score(terms))[self.article_law]
        return score

    def search(self, query: str, *, top: int = 10) -> list[Hit]:
        """At most `top` articles, best first, each citation once; none for a question with no
        searchable word. Articles of a strongly matching law may follow the articles that share
        words with the question (law-level ranking)."""
        scores = self.scores(query)
        candidates = min(len(scores), top * 2 + 10)
        if candidates == 0:
            return []
        best = np.argpartition(-scores, candidates - 1)[:candidates]
        best = best[np.argsort(-scores[best], kind="stable")]
        hits, seen = [], set()
        for position in best:
            if scores[position] <= 0:
                break
            citation = self.citations[position]
            if citation in seen:
                continue
            seen.add(citation)
            hits.append(Hit(int(self.article_ids[position]), citation, float(scores[position])))
            if len(hits) == top:
                break
        return hits


def _zscores(similarity: np.ndarray) -> np.ndarray:
    spread = float(similarity.std())
    if spread <= 0:
        return np.zeros_like(similarity)
    return (similarity - similarity.mean()) / spread


def dense_article_laws(prior: np.ndarray, counts: np.ndarray, budget: int) -> list[int]:
    """Positions of the laws whose articles are embedded whole: the laws in order of authority
    (prior, highest first; ties by position), each taken whole while the articles taken so far
    stay within `budget`; the first law that does not fit ends the list, so the choice depends
    only on the corpus and the budget."""
    chosen, total = [], 0
    for position in np.argsort(-prior, kind="stable"):
        if total + counts[position] > budget:
            break
        chosen.append(int(position))
        total += int(counts[position])
    return chosen


def build_engine() -> Engine:
    """Read the current versions from the database and build the index in memory."""
    from ..models import Article, Law

    started = time.perf_counter()
    fingerprint = library_fingerprint()
    laws = list(Law.objects.filter(is_current=True).order_by("id")
                .values_list("id", "title", "short_title", "preamble"))
    repealed = set(Law.objects.filter(is_current=True).exclude(repeal_basis="").values_list("id", flat=True))
    law_position = {law_id: position for position, (law_id, *_rest) in enumerate(laws)}
    rows = list(Article.objects.filter(law__is_current=True).order_by("law_id", "position")
                .values_list("id", "law_id", "label", "chapter_path", "text"))
    article_words = [words(text) for *_rest, text in rows]
    headings: dict[tuple, list[str]] = {}
    chapter_words = []
    for _id, _law, _label, chapter_path, _text in rows:
        key = tuple(chapter_path or ())
        if key not in headings:
            headings[key] = title_words(" ".join(key))
        chapter_words.append(headings[key])
    sections: dict[tuple, int] = {}
    article_section = np.asarray([sections.setdefault((row[1], tuple(row[3] or ())), len(sections)) for row in rows],
                                 dtype=np.int64)
    section_words: list[list[str]] = [[] for _ in sections]
    for section, tokens in zip(article_section, article_words, strict=True):
        section_words[section].extend(tokens)
    short_titles = {law_id: short for law_id, _title, short, _preamble in laws}
    section_vectors = None
    if dense.enabled():
        headings_text = [None] * len(sections)
        for (law_id, path), section in sections.items():
            headings_text[section] = " ".join([short_titles[law_id], *path])
        section_vectors = dense.embed_passages(headings_text)
    titles = {law_id: (title, short) for law_id, title, short, _preamble in laws}
    law_documents: list[list[str]] = [[] for _ in laws]
    counts = np.zeros(len(laws), dtype=np.float32)
    for (_id, law_id, *_rest), tokens in zip(rows, article_words, strict=True):
        law_documents[law_position[law_id]].extend(tokens)
        counts[law_position[law_id]] += 1
    for law_id, (_title, short) in titles.items():
        law_documents[law_position[law_id]].extend(title_words(short) * 3)

    mentions: dict[str, int] = {}
    for text in [row[4] for row in rows] + [law[3] for law in laws]:
        for cited in _CITED_RE.findall(text):
            mentions[cited] = mentions.get(cited, 0) + 1
    prior = np.zeros(len(laws), dtype=np.float32)
    for law_id, title, short, _preamble in laws:
        cited = mentions.get(title, 0) + (mentions.get(short, 0) if short != title else 0)
        position = law_position[law_id]
        prior[position] = (WEIGHTS["cited"] * math.log1p(cited) + WEIGHTS["size"] * math.log1p(counts[position])
                           + WEIGHTS["national"] * float(title.startswith("中华人民共和国"))
                           - WEIGHTS["repealed"] * float(law_id in repealed))

    article_law = np.asarray([law_position[row[1]] for row in rows], dtype=np.int64)
    dense_articles, article_vectors = np.zeros(0, dtype=np.int64), None
    budget = int(getattr(settings, "STATUTES_DENSE_ARTICLES", 0) or 0)
    if section_vectors is not None and budget > 0:
        laws_embedded = dense_article_laws(prior, counts, budget)
        dense_articles = np.flatnonzero(np.isin(article_law, laws_embedded)).astype(np.int64)
        article_vectors = dense.embed_passages([rows[position][4] for position in dense_articles])

    return Engine(
        fingerprint=fingerprint,
        article_ids=np.asarray([row[0] for row in rows], dtype=np.int64),
        citations=[titles[row[1]][0] + row[2] for row in rows],
        article_law=article_law,
        article_section=article_section,
        article_bm25=BM25(article_words, k1=ARTICLE_K1, b=ARTICLE_B),
        chapter_bm25=BM25(chapter_words),
        section_bm25=BM25(section_words, b=ARTICLE_B),
        bigram_bm25=BM25([bigrams(row[4]) for row in rows], k1=ARTICLE_K1, b=ARTICLE_B),
        law_bm25=BM25(law_documents, b=0.3),
        law_prior=prior,
        section_vectors=section_vectors,
        dense_articles=dense_articles,
        article_vectors=article_vectors,
        built_at=time.time(),
        build_seconds=time.perf_counter() - started,
    )


def build_and_save(path: Path) -> dict:
    """Build the index and replace the file at `path` atomically (write, then rename), so a
    reader never sees half an index and a failed build keeps the previous one."""
    engine = build_engine()
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            pickle.dump({"format": FORMAT_VERSION, "engine": engine}, stream, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    _cache.clear()
    return {"articles": len(engine.article_ids), "laws": len(engine.law_prior),
            "seconds": round(engine.build_seconds, 1), "path": str(path)}


_cache: dict[tuple[str, float], Engine] = {}
_lock = threading.Lock()


def load_engine(path: Path) -> Engine | None:
    """The engine saved at `path`, loaded once per process and reloaded when the file changes;
    None when the file is missing or of another format."""
    path = Path(path)
    try:
        key = (str(path), path.stat().st_mtime)
    except FileNotFoundError:
        return None
    engine = _cache.get(key)
    if engine is not None:
        return engine
    with _lock:
        if key not in _cache:
            # Written only by build_and_save in this project's VAR_DIR, never from outside input.
            with open(path, "rb") as stream:
                data = pickle.load(stream)
            if not isinstance(data, dict) or data.get("format") != FORMAT_VERSION:
                return None
            _cache.clear()
            _cache[key] = data["engine"]
        return _cache[key]
