"""The Markdown escapes (a translate table each, the fast paths for plain text and for text
without controls) are the regular-expression passes they replaced, character for character (the
passes are kept here as the reference)."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from plancheck.report import mdtext

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_BREAK = re.compile(r"\r\n|[\r\n\t\u2028\u2029]")
_HTML = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
_ACTIVE = re.compile(r"([\\`*_\[\]|~#!])")


def visible(s):
    text = _BREAK.sub(" ", "" if s is None else str(s))
    return _CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def text(s):
    return _ACTIVE.sub(r"\\\1", visible(s).translate(_HTML))


def code(s, in_table=False):
    body = visible(s)
    if in_table:
        body = body.replace("|", "\\|")
    longest = max((len(m) for m in re.findall(r"`+", body)), default=0) if "`" in body else 0
    fence = "`" * (longest + 1)
    pad = " " if body.startswith("`") or body.endswith("`") or not body.strip() else ""
    return f"{fence}{pad}{body}{pad}{fence}"


# the characters each path tells apart: controls, breaks, HTML and Markdown specials, white space
# that str.strip removes (a blank code span is padded), entities' own characters, plain text
SPECIAL = "\r\n\t\x00\x0b\x1b\x7f\x85\x9f\u061c\u200e\u202e\u2066\u2069\u2028\u2029&<>\\`*_[]|~#! a中«\u3000\xa0;ampltg"
strings = st.one_of(st.text(), st.text(alphabet=st.sampled_from(list(SPECIAL)), max_size=20))


@settings(max_examples=500, deadline=None)
@given(st.one_of(strings, st.none(), st.integers()), st.booleans())
def test_each_escape_is_the_regular_expression_passes(s, in_table):
    assert mdtext.visible(s) == visible(s)
    assert mdtext.text(s) == text(s)
    assert mdtext.code(s, in_table) == code(s, in_table)


def test_every_control_character_is_escaped_and_nothing_else_is():
    for c in range(0x3000):
        ch = chr(c)
        assert mdtext.text(ch) == text(ch), hex(c)
        assert mdtext.code(ch) == code(ch), hex(c)


class _Str(str):
    def __str__(self):
        return "other"


def test_a_str_subclass_is_escaped_as_its_str():
    for f in (mdtext.text, mdtext.code, mdtext.visible):
        assert f(_Str("plain")) == f("other")


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from(list(SPECIAL)), max_size=6), max_size=30))
def test_a_memo_gives_what_its_function_gives_past_its_limit_too(keys):
    memo = mdtext.Memo(mdtext.code, limit=4)
    for k in keys:
        assert memo[k] == mdtext.code(k)
        assert len(memo) <= 4
