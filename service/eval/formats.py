"""The public data sets `deskcheck eval` scores (see eval/README.md)."""

from typing import Literal, get_args

PublicFormat = Literal["summedits", "ptc", "polnear", "realsumm"]
PUBLIC_FORMATS: tuple[str, ...] = get_args(PublicFormat)
