"""Loading the evidence layer's tables before the first article needs them.

Lexicons, WordNet tables, the gazetteer and the reference facts load on first use, which takes
seconds. A process that serves articles loads them at start instead: the app hands this warm-up
to its evidence workers (`service.pipeline.pool`), and a queue worker runs it before its first
job.
"""

import logging
import os
import time
from functools import cache

from service.evidence.analyze import analyze
from service.evidence.grounding import check_summary
from service.resources import read_seed_text
from service.text import build_document

log = logging.getLogger(__name__)

_WARM_ARTICLE = "articles/001_100bbb814b795ab1.txt"
_SUMMARY_SENTENCES = 3


@cache
def warm_evidence_layer() -> None:
    """Load what the first analysis would (lexicons, WordNet tables, gazetteer, reference facts).

    One analysis of a shipped seed article, with its opening sentences checked as a summary,
    touches every loader. Once per process: the tables stay loaded, so a second app in one
    process warms for free.
    """
    started = time.perf_counter()
    document = build_document(read_seed_text(_WARM_ARTICLE))
    analyze(document)
    opening = document.sentences[:_SUMMARY_SENTENCES]
    check_summary(document, " ".join(sentence.text for sentence in opening))
    log.info("evidence layer warm in %.1fs (pid %d)", time.perf_counter() - started, os.getpid())
