"""The desk's layout takes its highlight colours from the flag-type table."""

from service.evidence.flag_types import FLAG_TYPES
from tests.desk import Desk


def test_highlight_colours_come_from_the_flag_type_table(sqlite_desk: Desk) -> None:
    sqlite_desk.login()
    page = sqlite_desk.client.get("/desk/").text
    for spec in FLAG_TYPES:
        assert f"mark.t-{spec.type} {{ background: {spec.colour}; }}" in page
