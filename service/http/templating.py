"""The one Jinja environment of the server-rendered pages: the desk's, its log-in page, its
error pages.

A package that serves pages adds its own template folder; the folders form one search path,
so a page may extend a layout another package ships (auth's log-in page wears the desk's
`base.html`). It sits in the HTTP layer so that `auth` and `review` both reach it without
either importing the other.
"""

from pathlib import Path

import jinja2
from fastapi.templating import Jinja2Templates

templates = Jinja2Templates(
    # What `Jinja2Templates(directory=...)` builds, with a search path that packages extend.
    env=jinja2.Environment(
        loader=jinja2.FileSystemLoader([]), autoescape=jinja2.select_autoescape()
    )
)


def add_template_folder(folder: Path) -> None:
    """Make the templates in `folder` findable by name (after those of folders added before)."""
    loader = templates.env.loader
    assert isinstance(loader, jinja2.FileSystemLoader)
    if str(folder) not in loader.searchpath:
        templates.env.loader = jinja2.FileSystemLoader([*loader.searchpath, folder])
