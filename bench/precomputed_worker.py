"""`deskcheck worker` whose fast analysis is looked up instead of run: what it spends per
article is the job around the analysis alone (bench/jobs_bench.py, "the job alone").

    python bench/precomputed_worker.py RESULTS.pickle

RESULTS.pickle maps an article's text to what `fast_analysis` returned for it (jobs_bench
writes it, in a process of its own, from the same articles).
"""

import pickle
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import service.review.analysis as analysis
from service.cli import main


def _looked_up(results: dict[str, Any]) -> Any:
    def fast_analysis(article: Any, *_: Any) -> Any:
        return results[article.text]

    return fast_analysis


if __name__ == "__main__":
    results = pickle.loads(Path(sys.argv[1]).read_bytes())  # noqa: S301  # the bench's own file
    analysis.fast_analysis = _looked_up(results)
    sys.exit(main(["worker"]))
