"""Which model tasks a full analysis runs here, and whether the main backend must run for them."""

from service.config import Settings
from service.llm.tasks import analysis_plan, uses_main_model


def test_the_default_embedded_install_is_rules_only_and_needs_no_model() -> None:
    plan = analysis_plan(Settings(), "embedded")
    assert (plan.rules_only, plan.model_tasks, plan.default_mode) == (True, (), "fast")
    assert plan.detail == "rules only on the embedded model: no model task beats them here"
    assert not uses_main_model(Settings(), "embedded")


def test_a_task_switched_on_needs_the_embedded_model() -> None:
    settings = Settings(task_flags="on")
    plan = analysis_plan(settings, "embedded")
    assert (plan.model_tasks, plan.default_mode) == (("flags",), "full")
    assert uses_main_model(settings, "embedded")


def test_a_checker_with_its_own_server_needs_no_main_model() -> None:
    settings = Settings(checker_base_url="http://127.0.0.1:9/v1")
    assert analysis_plan(settings, "embedded").model_tasks == ("checker",)
    assert not uses_main_model(settings, "embedded")
    assert uses_main_model(settings.model_copy(update={"checker_base_url": None}), "external")


def test_every_task_off_on_an_external_backend_is_rules_only_and_says_why() -> None:
    settings = Settings(task_summary="off", task_flags="off")
    plan = analysis_plan(settings, "openai-compatible")
    assert plan.rules_only and "DESKCHECK_TASK_" in plan.detail
