"""The figures `plancheck.coverage` counts in a source text (PC003): a number followed by a unit
or magnitude word, not glued to a name, a decimal or another number."""

from __future__ import annotations

import random
import re

import pytest

from plancheck.coverage import NUMBER, UNIT_AFTER

# the pattern as first written: look back, then the figure
_PLAIN = re.compile(r"(?<![\d.A-Za-z])(\d+(?:\.\d+)?)(?=" + UNIT_AFTER + ")")


@pytest.mark.parametrize(("text", "figures"), [
    ("全市数字经济增加值达到5000亿元", ["5000"]),
    ("12.5%的企业", ["12.5"]),
    ("5G基站3万个", ["3"]),  # 5G is a name: G is no unit
    ("v2.5个版本", []),  # glued to a letter and a dot
    ("1.2.3个", []),  # a decimal's tail is no figure of its own
    ("30家企业和40个项目", ["30", "40"]),
    ("到2025年", []),  # a year: no unit follows
    ("100", []),
])
def test_figures_followed_by_a_unit(text, figures):
    assert [m.group(1) for m in NUMBER.finditer(text)] == figures


def test_the_pattern_finds_what_the_plain_look_behind_finds():
    rng = random.Random(13)
    alphabet = "0123456789.aZ万亿元%个件 ，。G"
    for _ in range(5000):
        s = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 24)))
        assert [m.span(1) for m in NUMBER.finditer(s)] == [m.span(1) for m in _PLAIN.finditer(s)], s
