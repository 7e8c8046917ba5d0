"""Files the service ships (prompts, seed data): read from the package, checkout or wheel."""

from importlib.resources import files


def read_prompt_text(name: str) -> str:
    return files("prompts").joinpath(name).read_text(encoding="utf-8")


def read_seed_text(relative_path: str) -> str:
    return files("seeds").joinpath(relative_path).read_text(encoding="utf-8")
