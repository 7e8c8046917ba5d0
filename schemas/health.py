"""GET /readyz: whether the model backend answers."""

from typing import Literal

from pydantic import BaseModel, Field

from schemas.common import ErrorBody


class FullAnalysis(BaseModel):
    """What a full-mode analysis runs here: the model tasks on, or the rules alone."""

    rules_only: bool = Field(
        description="No model task runs on this backend: full mode is the evidence layer's "
        "rule-based checks, as fast mode (which is then the cheaper way to ask)."
    )
    model_tasks: list[Literal["summary", "flags", "checker"]] = Field(
        description="The model tasks a full analysis runs (DESKCHECK_TASK_*, or the backend's "
        "measured defaults)."
    )
    detail: str = Field(description="The same in a sentence, as the desk shows it.")


class BackendInfo(BaseModel):
    backend: str = Field(description="`embedded` or `openai-compatible`.")
    model: str | None = Field(description="The model name the backend serves, when known.")
    state: Literal["off", "starting", "ready", "busy", "restarting", "down", "failed"] = Field(
        description="`off`: the embedded model is not started, no model task runs on it (rules "
        "only; the service is ready); `busy`: answering, every slot in use; `restarting`: the "
        "embedded model died and is being started again; `down`/`failed`: it does not answer."
    )
    in_flight: int = Field(description="Model calls this process has in flight.")
    waiting: int = Field(description="Model calls waiting for a slot.")
    full_analysis: FullAnalysis
    url: str | None = Field(
        default=None,
        description="The backend's base URL: present for an admin's key or desk session only.",
    )


class Ready(BackendInfo):
    status: Literal["ready"]
    detail: str = Field(description="What the readiness check saw.")


class Unready(ErrorBody, BackendInfo):
    """The error shape, with the backend's state: `detail` says why it does not answer."""
