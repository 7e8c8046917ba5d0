"""Unicode clean-up that remembers where every character came from.

Analysis runs on NFC text with invisible characters removed, but every span the service returns
must index the text exactly as it was submitted. `NormalizedText.to_original` maps back.
"""

import re
import unicodedata
from dataclasses import dataclass

# Zero-width characters, bidi controls and tag characters: they change nothing a reader sees but
# can hide text from matching (or smuggle instructions past a reviewer).
INVISIBLE = frozenset(
    [
        *(0x00AD, 0x180E, 0x200B, 0x200C, 0x200D, 0x2060, 0x2061, 0x2062, 0x2063, 0x2064, 0xFEFF),
        *range(0x200E, 0x2010),
        *range(0x202A, 0x202F),
        *range(0x2066, 0x206A),
        *range(0xE0000, 0xE0080),
    ]
)


def is_invisible(char: str) -> bool:
    return ord(char) in INVISIBLE


@dataclass(frozen=True, slots=True)
class NormalizedText:
    """`text` is the cleaned text; `starts[i]`/`ends[i]` bound its i-th char in `original`.

    Most articles need no clean-up at all; then the maps are empty and offsets are shared.
    """

    original: str
    text: str
    starts: tuple[int, ...] = ()
    ends: tuple[int, ...] = ()

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a half-open span of `text` to the half-open span of `original` it came from."""
        if self.text is self.original:
            return start, end
        if start >= end:
            anchor = self.starts[start] if start < len(self.starts) else len(self.original)
            return anchor, anchor
        return self.starts[start], self.ends[end - 1]


def normalize(original: str) -> NormalizedText:
    """NFC-compose each run that starts at a starter character, dropping invisible ones."""
    if original.isascii() or (
        unicodedata.is_normalized("NFC", original) and not _has_invisible(original)
    ):
        return NormalizedText(original, original)
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    done = 0
    # ASCII is NFC and holds no invisible character: between the non-ASCII stretches (each with
    # the character before it, which may be the starter its combining marks belong to), the text
    # is copied as it is, a character per position, and only the stretches are walked run by run.
    for stretch in _NON_ASCII.finditer(original):
        begin = max(stretch.start() - 1, done)
        _copy(original, done, begin, out, starts, ends)
        _compose(original, begin, stretch.end(), out, starts, ends)
        done = stretch.end()
    _copy(original, done, len(original), out, starts, ends)
    return NormalizedText(original, "".join(out), tuple(starts), tuple(ends))


_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


def _has_invisible(text: str) -> bool:
    # Only the non-ASCII characters can be invisible, and news has few of them. (A character
    # class of the invisible characters, searched over the whole text, took about 1.9 ms per
    # 8,600-character article here, against 0.09 ms for this.)
    return not INVISIBLE.isdisjoint(map(ord, "".join(_NON_ASCII.findall(text))))


def _copy(
    original: str, begin: int, end: int, out: list[str], starts: list[int], ends: list[int]
) -> None:
    out.append(original[begin:end])
    starts.extend(range(begin, end))
    ends.extend(range(begin + 1, end + 1))


def _compose(
    original: str, begin: int, end: int, out: list[str], starts: list[int], ends: list[int]
) -> None:
    for run_start, run_end in _starter_runs(original[begin:end]):
        run_start, run_end = run_start + begin, run_end + begin
        run = "".join(c for c in original[run_start:run_end] if not is_invisible(c))
        for char in unicodedata.normalize("NFC", run):
            out.append(char)
            starts.append(run_start)
            ends.append(run_end)


def _starter_runs(text: str) -> list[tuple[int, int]]:
    """Split into runs of one starter plus its combining marks (NFC never composes across)."""
    runs: list[tuple[int, int]] = []
    run_start = 0
    for index in range(1, len(text) + 1):
        if index == len(text) or unicodedata.combining(text[index]) == 0:
            runs.append((run_start, index))
            run_start = index
    return runs if text else []
