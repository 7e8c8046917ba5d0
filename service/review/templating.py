"""The desk's one Jinja environment, shared by its pages and its error pages."""

from pathlib import Path

from fastapi.templating import Jinja2Templates

from service.evidence.flag_types import FLAG_TYPES

templates = Jinja2Templates(directory=Path(__file__).resolve().parent / "templates")
templates.env.globals["flag_types"] = FLAG_TYPES  # base.html's highlight colours
