"""The address people type first: `/` leads to the desk."""

from pathlib import Path

from tests.desk import running_desk


def test_the_root_redirects_to_the_desk(tmp_path: Path) -> None:
    with running_desk(tmp_path, embedded_workers=0) as desk:
        response = desk.client.get("/", follow_redirects=False)
        landed = desk.client.get("/")
    assert response.status_code == 307
    assert response.headers["location"] == "/desk/"
    assert landed.status_code == 200 and str(landed.url).endswith("/desk/login")
