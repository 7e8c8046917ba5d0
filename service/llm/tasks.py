"""Which model tasks run on which backend: a setting per task, defaults set by measurement.

`auto` means the default measured on public dev data for that kind of backend (README, "Model
tasks"): a task that does not beat the deterministic fallback there does not run by default,
and `provenance.tasks` says so instead of spending a minute of CPU for nothing.
"""

from dataclasses import dataclass
from typing import Literal

from service.config import Settings, TaskSwitch
from service.llm.backend import Backend

TaskName = Literal["summary", "flags", "checker"]


@dataclass(frozen=True, slots=True)
class TaskPlan:
    task: TaskName
    runs: bool
    reason: str


# Measured on the embedded SmolLM2-135M (commands and figures in the README, "Model tasks").
_EMBEDDED_DEFAULTS: dict[TaskName, tuple[bool, str]] = {
    "summary": (
        False,
        "off by default on the embedded model: choosing the summary's sentences it scored "
        "ROUGE-1 37.9 on REALSumm, below the extractive summary's 39.1 (40 documents)",
    ),
    "flags": (
        False,
        "off by default on the embedded model: 0-1 of its flags per article passed validation",
    ),
    "checker": (
        False,
        "off by default on the embedded model: on 100 SummEdits pairs it answered neither Yes "
        "nor No (balanced accuracy 0.50)",
    ),
}


def task_plan(task: TaskName, settings: Settings, backend: Backend) -> TaskPlan:
    switch: TaskSwitch = getattr(settings, f"task_{task}")
    if switch != "auto":
        return TaskPlan(task, switch == "on", f"DESKCHECK_TASK_{task.upper()}={switch}")
    if task == "checker":
        if settings.checker_base_url is not None:
            return TaskPlan(task, True, "a checker is configured (DESKCHECK_CHECKER_BASE_URL)")
        return TaskPlan(task, False, "no checker configured (DESKCHECK_CHECKER_BASE_URL)")
    if backend.name == "embedded":
        runs, reason = _EMBEDDED_DEFAULTS[task]
        return TaskPlan(task, runs, reason)
    return TaskPlan(task, True, "on by default on an external backend")
