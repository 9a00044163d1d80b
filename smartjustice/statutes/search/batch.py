"""The measurement contract of `smartjustice statutes search --batch` (issue #3 §2).

Input: lines {"id": ..., "query": "..."}. Output: lines {"id": ..., "results": ["<law full
title>第X条", ...]} best first, no duplicates. A malformed line stops the run before any output,
with its line number."""
import json
import time
from collections.abc import Iterable
from typing import IO

from django.utils.translation import gettext as _

from ..errors import InvalidQuery
from .engine import get_engine
from .query import validate_query


def read_queries(source: str | IO[str]) -> list[tuple[object, str]]:
    """[(id, query)] from a path or an open text stream; InvalidQuery names the bad line."""
    if isinstance(source, str):
        try:
            with open(source, encoding="utf-8") as stream:
                lines = stream.read().splitlines()
        except FileNotFoundError:
            raise InvalidQuery(_("The file %(path)s does not exist."), path=source) from None
    else:
        lines = source.read().splitlines()
    queries = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError:
            raise InvalidQuery(_("Line %(line)d is not valid JSON."), line=number) from None
        if not isinstance(record, dict) or "id" not in record or not isinstance(record.get("query"), str):
            raise InvalidQuery(_('Line %(line)d needs an "id" and a non-empty "query".'), line=number)
        try:
            queries.append((record["id"], validate_query(record["query"])))
        except InvalidQuery:
            raise InvalidQuery(_('Line %(line)d needs an "id" and a non-empty "query".'), line=number) from None
    return queries


def _engine():
    engine = get_engine()
    if engine is None:
        raise InvalidQuery(_("The search index has not been built yet: run smartjustice statutes build-index."))
    return engine


def run_batch(source, out: IO[str], *, top: int) -> dict:
    """Rank every query and write one result line each; returns counts and latency (ms)."""
    queries = read_queries(source)
    engine = _engine()
    latencies = []
    for query_id, query in queries:
        started = time.perf_counter()
        hits = engine.search(query, top=top)
        latencies.append((time.perf_counter() - started) * 1000)
        out.write(json.dumps({"id": query_id, "results": [hit.citation for hit in hits]}, ensure_ascii=False) + "\n")
    latencies.sort()
    return {
        "queries": len(queries),
        "p50_ms": round(latencies[len(latencies) // 2], 1) if latencies else None,
        "p95_ms": round(latencies[min(len(latencies) - 1, int(len(latencies) * 0.95))], 1) if latencies else None,
    }


def run_single(query: str, *, top: int) -> Iterable[str]:
    engine = _engine()
    for hit in engine.search(validate_query(query), top=top):
        yield json.dumps({"citation": hit.citation, "score": round(hit.score, 3)}, ensure_ascii=False)
