"""Print the upstream fault matrix: `python bench/fault_matrix.py` (from the repository root).

For each upstream fault (served by the loopback fake in `tests/fake_backend.py`), full-mode
/verify's status, error kind and Retry-After, the requests the upstream received and the calls
we started. `tests/llm/test_fault_matrix.py` pins the same outcomes.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # `tests` is not installed

from tests.llm.fault_matrix import FAULTS, SETTINGS, run_fault, table


def main() -> None:
    print(f"full-mode /verify against a faulty upstream; settings {SETTINGS}, transport retries 2")
    print(table([(fault, run_fault(fault)) for fault in FAULTS]))


if __name__ == "__main__":
    main()
