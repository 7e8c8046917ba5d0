"""Files the service ships (prompts, seed data): read from the package, checkout or wheel."""

from importlib.resources import files


def read_prompt_text(name: str) -> str:
    return files("prompts").joinpath(name).read_text(encoding="utf-8")


def read_seed_text(relative_path: str) -> str:
    return files("seeds").joinpath(relative_path).read_text(encoding="utf-8")


def read_lexicon_rows(name: str) -> list[list[str]]:
    """The tab-separated fields of each data line of `seeds/lexicons/<name>`, stripped.

    Lines starting with `#` (headers, licence notices) and blank lines are not data.
    """
    lines = read_seed_text(f"lexicons/{name}").splitlines()
    return [
        [field.strip() for field in line.split("\t")]
        for line in lines
        if line.strip() and not line.startswith("#")
    ]
