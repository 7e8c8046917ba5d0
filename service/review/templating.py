"""The desk's templates in the shared Jinja environment (`service.http.templating`): its
layout (`base.html`), its pages and its error pages."""

from pathlib import Path

from service.evidence.flag_types import FLAG_TYPES
from service.http.templating import add_template_folder, templates

add_template_folder(Path(__file__).resolve().parent / "templates")
templates.env.globals["flag_types"] = FLAG_TYPES  # base.html's highlight colours

__all__ = ["templates"]
