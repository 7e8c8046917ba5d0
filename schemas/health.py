"""GET /readyz: whether the model backend answers."""

from typing import Literal

from pydantic import BaseModel, Field

from schemas.common import ErrorBody


class BackendInfo(BaseModel):
    backend: str = Field(description="`embedded` or `openai-compatible`.")
    model: str | None = Field(description="The model name the backend serves, when known.")
    state: Literal["starting", "ready", "failed"]


class Ready(BackendInfo):
    status: Literal["ready"]


class Unready(ErrorBody, BackendInfo):
    """The error shape, with the backend's state: `detail` says why it does not answer."""
