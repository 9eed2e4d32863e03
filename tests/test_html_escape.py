"""The HTML report's own escape (`bilingual.esc`, a str.replace chain, for the million pieces of a
country's report) writes what markupsafe's `escape` writes, for any text, a `Both` of any two
texts (its `__html__`: both languages), markup and other values."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st
from markupsafe import Markup, escape

from plancheck.report.bilingual import Both, both, esc

TEXT = st.text(alphabet=st.sampled_from(list("a中 &<>\"'#;x0")) | st.characters(), max_size=30)


@given(TEXT)
def test_a_text_is_escaped_as_markupsafe_escapes_it(s):
    assert esc(s) == str(escape(s))


@given(st.sampled_from(["zh", "en"]), TEXT, TEXT)
def test_a_text_in_both_languages_is_escaped_as_markupsafe_escapes_it(lang, zh, en):
    b = both(lang, zh, en)
    assert esc(b) == str(escape(b))
    assert b.__html__() == (f'<span class="lz" lang="zh-CN">{escape(b.zh)}</span><span class="le" lang="en">{escape(b.en)}</span>'
                            if b.zh != b.en else str(escape(str(b))))


def test_markup_numbers_and_nested_texts_are_escaped_as_markupsafe_escapes_them():
    for v in (Markup("<i>&amp;</i>"), 5, Decimal("1.50"), None, Both("s<", Markup("<i>"), Both("q&", "z", "e"))):
        assert esc(v) == str(escape(v))
