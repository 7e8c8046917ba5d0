"""Prompt templates as data files with declared variables.

A template names its variables; rendering with one missing (or one the template does not
declare) raises before anything is sent. Each rendered prompt carries `name@hash` so a response
says exactly which wording produced it.
"""

import hashlib
import re
import tomllib
from dataclasses import dataclass
from functools import cache
from string import Template

from service.resources import read_prompt_text


class PromptError(ValueError):
    """A template and its variables do not fit: a programming error, caught before sending."""


@dataclass(frozen=True, slots=True)
class PromptTemplate:
    name: str
    digest: str
    variables: frozenset[str]
    parts: dict[str, Template]

    @property
    def ref(self) -> str:
        return f"{self.name}@{self.digest}"

    def render(self, part: str, **values: object) -> str:
        given = frozenset(values)
        if given != self.variables:
            missing = sorted(self.variables - given)
            extra = sorted(given - self.variables)
            raise PromptError(f"{self.ref}: missing variables {missing}, undeclared {extra}")
        return self.parts[part].substitute({k: str(v) for k, v in values.items()})


@cache
def load_prompt(name: str) -> PromptTemplate:
    source = read_prompt_text(f"{name}.toml")
    data = tomllib.loads(source)
    variables = frozenset(data.pop("variables"))
    parts = {key: Template(value) for key, value in data.items() if isinstance(value, str)}
    for key, template in parts.items():
        used = _placeholders(template)
        if used != variables:
            raise PromptError(f"{name}.{key} uses {sorted(used)} but declares {sorted(variables)}")
    digest = hashlib.sha256(source.encode("utf-8")).hexdigest()[:12]
    return PromptTemplate(name, digest, variables, parts)


def _placeholders(template: Template) -> frozenset[str]:
    names = {
        m.group("named") or m.group("braced")
        for m in template.pattern.finditer(template.template)
        if m.group("named") or m.group("braced")
    }
    return frozenset(names)


MARKER_PATTERN = re.compile(r"[0-9a-f]{16}")


def new_marker(article: str) -> str:
    """The block marker for this article: the same for every request about it, absent from it.

    Derived from the article's hash, so /summarize and /verify (and their re-asks) of one
    article send a byte-identical system prefix and a prefix-caching backend (llama.cpp, vLLM)
    evaluates the article once. An article cannot contain its own hash by design (that would be
    a fixed point of SHA-256), and the loop re-hashes in the impossible case that it does, so
    the article still cannot close its own block.
    """
    digest = hashlib.sha256(article.encode("utf-8")).hexdigest()
    while digest[:16] in article:
        digest = hashlib.sha256(digest.encode("ascii")).hexdigest()
    return digest[:16]


DATA_MARK = "^"
"""Spotlighting by datamarking (Hines et al., 2024, "Defending Against Indirect Prompt Injection
Attacks With Spotlighting"): the mark follows every word of the article, so each token of the
article shows the model it is data, where a block marker is one line it may have forgotten by
the article's middle. `^` before the space, not in its place: on SmolLM2's vocabulary it is one
token and leaves every word its own token (1.6 times the plain article's tokens on 20 PTC
articles, where U+02C6 in place of the space, the paper's mark, takes two byte tokens, splits the
next word and costs 2.5 times); figures in docs/planted-instructions.md."""
_SPACES = re.compile(r"\s+")
_MARKS = re.compile(r"\^(?=\s|$)")


def datamark(text: str) -> str:
    """`text` with `DATA_MARK` after each word but the last, before a single space."""
    return _SPACES.sub(f"{DATA_MARK} ", text.strip())


def unmark(text: str) -> str:
    """Model text without the marks it may have copied into a quote or a point."""
    return _MARKS.sub("", text)


def numbered_sentences(sentences: list[str], first: int = 0) -> str:
    """One datamarked sentence a line, after its id."""
    return "\n".join(f"[{index}] {datamark(text)}" for index, text in enumerate(sentences, first))
