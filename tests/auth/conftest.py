from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.desk import Desk, running_desk


@pytest.fixture
def desk(tmp_path: Path) -> Iterator[Desk]:
    with running_desk(tmp_path) as desk:
        yield desk
