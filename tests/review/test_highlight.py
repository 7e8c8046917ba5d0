"""Highlighting: sliced at span offsets in Python, every piece escaped, overlaps handled."""

from service.review.highlight import Mark, highlight


def _mark(start: int, end: int, css: str = "flag t-hedged", flag_id: int = 1) -> Mark:
    return Mark(start, end, css, f"span-{flag_id}", flag_id)


def test_a_span_is_wrapped_where_its_offsets_say() -> None:
    html = highlight("one two three", [_mark(4, 7)])
    assert html == (
        'one <span id="span-1" class="anchor"></span>'
        '<mark class="flag t-hedged" data-flags="1">two</mark> three'
    )


def test_article_text_is_escaped_inside_and_outside_marks() -> None:
    text = "<script>alert(1)</script> & <b>bold</b>"
    html = str(highlight(text, [_mark(0, 8)]))
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;script&gt;</mark>alert(1)&lt;/script&gt; &amp; &lt;b&gt;" in html


def test_overlapping_spans_split_into_pieces_carrying_both() -> None:
    html = str(highlight("abcdef", [_mark(0, 4, flag_id=1), _mark(2, 6, "flag t-speculation", 2)]))
    assert 'data-flags="1">ab</mark>' in html
    assert '<mark class="flag t-hedged t-speculation" data-flags="1 2">cd' in html
    assert 'data-flags="2">ef</mark>' in html


def test_a_span_outside_the_text_is_ignored() -> None:
    assert highlight("short", [_mark(3, 99)]) == "short"
