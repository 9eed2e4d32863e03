"""Fuzzing the input limits (issue 8): number literals, nesting depth, aliases and source paths.
Whatever is written, the reader answers with bounded data or a YamlError at a line, and a
source path resolves inside the plan's folder or is refused."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plancheck import yamlsrc
from plancheck.loader import source_path
from plancheck.quotes import _literal

FUZZ = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

digits = st.text("0123456789_", min_size=0, max_size=60)
literals = st.builds(lambda sign, a, dot, b, e, esign, exp: f"{sign}{a}{dot}{b}{e}{esign}{exp}",
                     st.sampled_from(["", "-", "+"]), digits, st.sampled_from(["", "."]), digits,
                     st.sampled_from(["", "e", "E"]), st.sampled_from(["", "-", "+"]),
                     st.text("0123456789", max_size=12))


@FUZZ
@given(st.one_of(literals, st.sampled_from(["0x1F", "0o17", "0b101", "017", "1:30", ".inf", ".nan", "1e999"])))
def test_number_literals_are_bounded_or_refused(lit):
    try:
        data, _ = yamlsrc.load(f"v: {lit}\n")
    except yamlsrc.YamlError as e:
        assert e.mark is not None and e.mark.line == 1
        return
    v = data["v"]
    if isinstance(v, (int, Decimal)) and not isinstance(v, bool):
        assert abs(v) < yamlsrc.MAX_MAGNITUDE
        assert len(_literal(v)) <= yamlsrc.MAX_DIGITS + 3
    else:
        assert v is None or isinstance(v, str)


@FUZZ
@given(st.integers(0, 3000), st.sampled_from(["seq", "map", "mixed"]))
def test_any_nesting_depth_is_data_or_a_clean_error(depth, kind):
    opens = {"seq": ["["], "map": ["{a: "], "mixed": ["[", "{a: "]}[kind]
    stack = [opens[i % len(opens)] for i in range(depth)]
    text = "v: " + "".join(stack) + "1" + "".join("]" if o == "[" else "}" for o in reversed(stack)) + "\n"
    try:
        yamlsrc.load(text)
    except yamlsrc.YamlError as e:
        assert depth >= yamlsrc.MAX_DEPTH and ("nesting" in e.message or "depth" in e.message)
    else:
        assert depth < yamlsrc.MAX_DEPTH


@FUZZ
@given(st.lists(st.tuples(st.sampled_from(["plain", "anchor", "alias"]), st.sampled_from(["x", "[1]", "{b: 1}"])),
                min_size=1, max_size=8))
def test_any_alias_is_refused(items):
    lines, anchored, aliased = [], False, False
    for i, (what, value) in enumerate(items):
        if not anchored and what in ("anchor", "alias"):
            lines.append(f"k{i}: &a {value}")
            anchored = True
        elif what == "alias":
            lines.append(f"k{i}: *a")
            aliased = True
        else:
            lines.append(f"k{i}: {value}")
    try:
        yamlsrc.load("\n".join(lines) + "\n")
    except yamlsrc.YamlError as e:
        assert aliased and "alias" in e.message and e.mark is not None
    else:
        assert not aliased


parts = st.sampled_from(["..", ".", "sources", "a.txt", "", "/", "\\", "C:", "~", "/proc/self/environ", "link", "\x00"])


@FUZZ
@given(st.lists(parts, min_size=1, max_size=6))
def test_a_source_path_resolves_inside_the_folder_or_is_refused(tmp_path_factory, pieces):
    root = tmp_path_factory.mktemp("fz") / "plans"
    (root / "sources").mkdir(parents=True)
    (root / "sources" / "a.txt").write_text("x", "utf-8")
    outside = root.parent / "secret.txt"
    outside.write_text("s", "utf-8")
    if not (root / "link").exists():
        (root / "link").symlink_to(outside)
    rel = "/".join(pieces) if len(pieces) > 1 else pieces[0]
    lp = SimpleNamespace(plan=SimpleNamespace(source=SimpleNamespace(file=rel)), path=root / "p.yaml")
    src, why = source_path(lp)
    if src is None:
        assert why and "secret" not in why.replace(rel, "")
    else:
        assert Path(src).resolve().is_relative_to(root.resolve()) and Path(src).is_file()
