"""The stats page: acceptance by flag type, as a chart and as tables."""

import re

from tests.conftest import seed_text
from tests.desk import Desk

SEED = "000_7164c3a58de98ac3.txt"


def test_the_stats_page_draws_a_chart(sqlite_desk: Desk) -> None:
    item = sqlite_desk.submit(seed_text(SEED))
    sqlite_desk.post(
        f"/review/items/{item['id']}/flags/{item['flags'][0]['id']}/decision",
        json={"decision": "reject"},
    )
    sqlite_desk.login()
    page = sqlite_desk.client.get("/desk/stats").text
    flag_type = item["flags"][0]["type"]
    assert f'<figure class="panel" data-flag-type="{flag_type}">' in page
    assert '<svg class="chart"' in page
    cells = re.sub(r"<td[^>]*>", "<td>", page)  # the tables: overall, then week by week
    assert f"<td>{flag_type}</td><td>0</td><td>1</td><td>0%</td>" in cells
    assert re.search(rf"<td>\d{{4}}-W\d\d</td><td>{flag_type}</td><td>0</td><td>1</td>", cells)
