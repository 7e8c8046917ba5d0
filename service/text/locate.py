"""Finding a quoted passage in the article by code, so no span is ever taken from a model."""

from dataclasses import dataclass

_FOLD = str.maketrans(
    {
        "‘": "'",
        "’": "'",
        "‛": "'",
        "“": '"',
        "”": '"',
        "„": '"',
        "–": "-",
        "—": "-",
        "‐": "-",
        "‑": "-",
        "\u00a0": " ",
    }
)


@dataclass(frozen=True, slots=True)
class FoldedText:
    """Lower-cased text with quotes, dashes and white-space runs folded, and an offset map."""

    text: str
    origin: tuple[int, ...]


def fold(text: str) -> FoldedText:
    out: list[str] = []
    origin: list[int] = []
    previous_space = False
    for index, char in enumerate(text.translate(_FOLD).lower()):
        if char.isspace():
            if previous_space:
                continue
            char, previous_space = " ", True
        else:
            previous_space = False
        out.append(char)
        origin.append(index)
    return FoldedText("".join(out), tuple(origin))


def locate(haystack: FoldedText, quote: str) -> tuple[int, int] | None:
    """Offsets in the unfolded text of the first occurrence of `quote` (normalized exact match)."""
    needle = fold(quote.strip().strip("\"'“”‘’")).text.strip()
    if len(needle) < 3:
        return None
    position = haystack.text.find(needle)
    if position < 0:
        return None
    last = position + len(needle) - 1
    return haystack.origin[position], haystack.origin[last] + 1
