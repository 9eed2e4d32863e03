"""What reaches the terminal: control characters of file names, YAML keys and plan strings escaped."""

from __future__ import annotations

import subprocess
import sys

from plancheck.terminal import escape
from tests.test_cli import _bad_growth_plan

ESC = "\x1b"


def test_escape_shows_every_control_character():
    assert escape("a\x1b[31mb") == "a\\x1b[31mb"
    assert escape("\x9b2J\x07\x7f") == "\\x9b2J\\x07\\x7f"  # C1 CSI, BEL, DEL
    assert escape("x\u202ey\u2066z\u2028") == "x\\u202ey\\u2066z\\u2028"  # bidi override, isolate, line sep
    assert escape("行1\n行2\t") == "行1\\n行2\\t"
    assert escape("行1\n行2", newlines=True) == "行1\n行2"
    assert escape("从2015年的225.0亿元增加到2020年的506.9亿元，年均增长17.6%") == "从2015年的225.0亿元增加到2020年的506.9亿元，年均增长17.6%"


def test_hostile_names_keys_and_strings_are_escaped_on_the_terminal(tmp_path):
    folder = _bad_growth_plan(tmp_path / "plans")
    plan = next(folder.glob("*.yaml"))
    text = plan.read_text("utf-8")
    # a YAML key and a plan string carrying escape sequences (YAML's "\e" is ESC), in a file whose
    # name carries one too
    text = text.replace("title: 测试规划", 'title: "\\e]0;pwned\\a测试"\n"\\e[2Jkey\\u202e": 1', 1)
    evil = folder / "evil\x1b[31m.yaml"
    evil.write_text(text, "utf-8")
    plan.unlink()
    r = subprocess.run([sys.executable, "-m", "plancheck", "check", str(folder), "--output-dir", str(tmp_path / "r"),
                        "--no-quality", "--format", "json", "--color", "never"], capture_output=True, text=True,
                       cwd=tmp_path)
    out = r.stdout + r.stderr
    assert r.returncode == 2, out
    assert ESC not in out and "\u202e" not in out and "\a" not in out, out
    assert "evil\\x1b[31m.yaml" in out and "\\x1b[2Jkey\\u202e" in out, out
