"""Settings of the wrong type, unknown keys and misspelt choices are exit 2 naming the file, the
key and the value (never a traceback); `--config` accepts a file holding `[tool.plancheck]`."""

from __future__ import annotations

from pathlib import Path

import pytest

from plancheck import config
from plancheck.cli import main
from tests.planfactory import write_plan


def _cfg(tmp_path: Path, body: str, name: str = "plancheck.toml") -> Path:
    p = tmp_path / name
    p.write_text(body, "utf-8")
    return p


BAD = [
    ("cache-dir = 5", "cache-dir", "5"),
    ("waivers = 5", "waivers", "5"),
    ("output-dir = 5", "output-dir", "5"),
    ('rules = "x"', "rules", "'x'"),
    ("select = 5", "select", "5"),
    ('select = ["PC1", 5]', "select", "5"),
    ("ignore = true", "ignore", "True"),
    ("[rules]\nPC101 = 5", "rules.PC101", "5"),
    ('lang = "fr"', "lang", "'fr'"),
    ('fail-on = "warnin"', "fail-on", "'warnin'"),
    ('[rules.PC101]\nseverity = "warnin"', "rules.PC101.severity", "'warnin'"),
    ("[rules.PC101]\nseverity = 1", "rules.PC101.severity", "1"),
    ("cache-max-mb = -1", "cache-max-mb", "-1"),
    ('cache-max-mb = "big"', "cache-max-mb", "'big'"),
    ("lang = 5", "lang", "5"),
]


@pytest.mark.parametrize("body,key,value", BAD)
def test_wrong_types_name_the_file_key_and_value(tmp_path, body, key, value):
    path = _cfg(tmp_path, body)
    with pytest.raises(config.ConfigError) as exc:
        config.load(path)
    msg = str(exc.value)
    assert str(path) in msg and key in msg and value in msg, msg


@pytest.mark.parametrize("body,hint", [('fail-on = "warnin"', "warning"), ('[rules.PC101]\nseverity = "eror"', "error"),
                                        ('out-dir = "r"', "output-dir"), ('cache_dir = "c"', "cache-dir"),
                                        ("[rules.PC1O1]\nseverity = \"info\"", "PC101"),
                                        ("[rules.PC205]\nmin_match = 3", "min_match_chars")])
def test_near_misses_get_a_did_you_mean(tmp_path, body, hint):
    with pytest.raises(config.ConfigError, match=f"did you mean '{hint}'"):
        config.load(_cfg(tmp_path, body))


def test_rule_parameters_keep_their_type(tmp_path):
    with pytest.raises(config.ConfigError, match=r"rules\.PC205\.min_match_chars = 'two'"):
        config.load(_cfg(tmp_path, '[rules.PC205]\nmin_match_chars = "two"'))
    s = config.load(_cfg(tmp_path, '[rules.PC205]\nmin_match_chars = 3\nseverity = "info"'))
    assert s.rules == {"PC205": {"min_match_chars": 3, "severity": "info"}}


def test_good_settings_still_load(tmp_path):
    s = config.load(_cfg(tmp_path, 'waivers = "w.yaml"\nselect = ["PC1"]\nfail-on = "warning"\ncache-dir = ""\n'
                                   'cache-max-mb = 64\n[rules.PC101]\nseverity = "warning"\n'))
    assert s.select == ["PC1"] and s.fail_on == "warning" and not s.cache and s.cache_max_mb == 64
    assert s.waivers == str(tmp_path / "w.yaml") and s.rules == {"PC101": {"severity": "warning"}}


@pytest.mark.parametrize("name", ["x.toml", "plancheck.toml", "pyproject.toml"])
def test_config_accepts_a_tool_plancheck_table_in_any_file(tmp_path, name):
    path = _cfg(tmp_path, '[project]\nname = "x"\n[tool.plancheck]\nlang = "en"\nselect = ["PC101"]\n', name)
    s = config.load(path)
    assert s.lang == "en" and s.select == ["PC101"]


def test_a_file_with_another_tool_table_is_refused_clearly(tmp_path):
    with pytest.raises(config.ConfigError, match=r"tool\.plancheck"):
        config.load(_cfg(tmp_path, '[tool.ruff]\nline-length = 100\n', "x.toml"))


@pytest.mark.parametrize("body", ["cache-dir = 5", "[rules]\nPC101 = 5", "[tool.plancheck]\nselect = 5",
                                  "\xff not toml", "waivers = [1]"])
def test_the_cli_exits_2_without_a_traceback(tmp_path, capsys, body):
    folder = tmp_path / "plans"
    write_plan(folder)
    cfg = tmp_path / "x.toml"
    cfg.write_bytes(body.encode("latin-1"))
    rc = main(["check", str(folder), "--config", str(cfg), "--output-dir", str(tmp_path / "out"), "--no-quality"])
    err = capsys.readouterr().err
    assert rc == 2 and "Traceback" not in err and str(cfg) in err
