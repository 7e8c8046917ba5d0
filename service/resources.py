"""Files the service ships (prompts, seed data): read from the package, checkout or wheel."""

import hashlib
from collections.abc import Iterator
from importlib.resources import files


def read_prompt_text(name: str) -> str:
    return files("prompts").joinpath(name).read_text(encoding="utf-8")


def read_seed_text(relative_path: str) -> str:
    return files("seeds").joinpath(relative_path).read_text(encoding="utf-8")


def seed_lines(relative_path: str) -> Iterator[str]:
    """The lines of a seed file (without their line ends), read a buffer at a time: a large
    table is never whole in memory."""
    with files("seeds").joinpath(relative_path).open(encoding="utf-8") as lines:
        for line in lines:
            yield line.rstrip("\n")


def seed_digest(relative_path: str, digest: "hashlib._Hash") -> None:
    """Adds a seed file's bytes to `digest`, a buffer at a time."""
    with files("seeds").joinpath(relative_path).open("rb") as data:
        for chunk in iter(lambda: data.read(1 << 16), b""):
            digest.update(chunk)


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
