"""/desk/audit: the whole trail for admins, newest first, narrowed by who, action, item and
days; and an item's summary revisions shown as the words each one took out and put in."""

from tests.conftest import seed_text
from tests.desk import Desk

SEED = "000_7164c3a58de98ac3.txt"


def test_admins_read_the_whole_trail_narrowed(sqlite_desk: Desk) -> None:
    desk = sqlite_desk
    first = desk.submit(seed_text(SEED), title="first")
    second = desk.submit(seed_text(SEED), title="second")
    desk.post(f"/review/items/{second['id']}/comments", json={"text": "check the toll"})
    desk.login("editor")
    refused = desk.client.get("/desk/audit", follow_redirects=False)
    assert refused.status_code == 303 and "error=" in refused.headers["location"]

    desk.login("admin")
    everything = desk.client.get("/desk/audit").text
    assert everything.index("comment.added".replace(".", " ")) < everything.index("item submitted")
    by_item = desk.client.get("/desk/audit", params={"item": first["id"]}).text
    assert f'href="/desk/items/{first["id"]}"' in by_item
    assert f'href="/desk/items/{second["id"]}"' not in by_item
    comments = desk.client.get(
        "/desk/audit", params={"action": "comment.added", "actor": "editor-key"}
    ).text
    assert "1 event(s)" in comments and "check the toll" in comments
    day = first["created_at"][:10]
    assert "0 event(s)" in desk.client.get("/desk/audit", params={"until": "2001-01-01"}).text
    assert "No event matches" not in desk.client.get("/desk/audit", params={"since": day}).text


def test_summary_revisions_show_what_each_changed(sqlite_desk: Desk) -> None:
    desk = sqlite_desk
    item = desk.submit(seed_text(SEED))
    desk.post(f"/review/items/{item['id']}/start")
    desk.post(f"/review/items/{item['id']}/summary", json={"text": "A drone hit a van in Aleisk."})
    desk.post(
        f"/review/items/{item['id']}/summary", json={"text": "A drone struck a van in Aleisk <b>."}
    )
    desk.login()
    page = desk.client.get(f"/desk/items/{item['id']}").text
    assert "A drone <del>hit</del> <ins>struck</ins> a van in" in page
    assert "<ins>Aleisk &lt;b&gt;.</ins>" in page  # the words are text, never markup
