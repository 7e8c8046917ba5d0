"""GET /readyz: whether the model backend answers."""

from typing import Literal

from pydantic import BaseModel, Field

from schemas.common import ErrorBody


class BackendInfo(BaseModel):
    backend: str = Field(description="`embedded` or `openai-compatible`.")
    model: str | None = Field(description="The model name the backend serves, when known.")
    state: Literal["starting", "ready", "busy", "restarting", "down", "failed"] = Field(
        description="`busy`: answering, every slot in use; `restarting`: the embedded model died "
        "and is being started again; `down`/`failed`: it does not answer."
    )
    in_flight: int = Field(description="Model calls this process has in flight.")
    waiting: int = Field(description="Model calls waiting for a slot.")
    url: str | None = Field(
        default=None,
        description="The backend's base URL: present for an admin's key or desk session only.",
    )


class Ready(BackendInfo):
    status: Literal["ready"]
    detail: str = Field(description="What the readiness check saw.")


class Unready(ErrorBody, BackendInfo):
    """The error shape, with the backend's state: `detail` says why it does not answer."""
