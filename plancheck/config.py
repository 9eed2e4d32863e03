"""Settings: `[tool.plancheck]` in pyproject.toml (or a `plancheck.toml`), then command-line flags.

    [tool.plancheck]
    waivers = "waivers.yaml"
    output-dir = "reports"
    lang = "zh"                 # zh | en
    select = ["PC1", "PC001"]   # code prefixes; default: every rule
    ignore = []
    fail-on = "error"           # error | warning
    cache-dir = "/var/cache/pc"  # validated plans and per-plan findings (default: the user cache
                                 # directory, see plancheck.cache); "" to switch the cache off
    cache-max-mb = 512          # least recently used entries beyond this are evicted
    catalog = ["ref/indicators-*.yaml"]  # the repository's own reference data, merged with the
    regions = "ref/regions.yaml"          # built-in (plancheck.refdata); a file, glob or list
    floors = "ref/floors.yaml"
    reference = "ref/regional-totals.yaml"
    [tool.plancheck.rules.PC101]
    severity = "warning"        # error | warning | info
    # ...and the rule's own parameters (plancheck explain PC101 lists them)

Every value is checked against a typed model (pydantic, strict): a value of the wrong type, an
unknown key or a misspelt choice is a ConfigError naming the file, the key and the value, with
"did you mean" for near misses; the CLI turns it into exit 2. Any settings file (`--config x.toml`)
may hold the settings at its top level or in a `[tool.plancheck]` table.
"""

from __future__ import annotations

import difflib
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import pydantic
from pydantic import BaseModel, ConfigDict, Field

from plancheck.cache import DEFAULT_MAX_MB
from plancheck.safeio import read_regular
from plancheck.selectors import LOOKALIKE


class ConfigError(ValueError):
    pass


@dataclass
class Settings:
    waivers: str | None = None
    output_dir: str = "reports"
    lang: str = "zh"
    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    fail_on: str = "error"
    rules: dict[str, dict] = field(default_factory=dict)
    cache_dir: str | None = None  # None: the user cache directory (plancheck.cache.user_cache_dir)
    cache: bool = True  # `cache-dir = ""` switches it off
    cache_max_mb: int = DEFAULT_MAX_MB
    source: str | None = None  # the file the settings came from
    reference_data: dict[str, list[str]] = field(default_factory=dict)  # catalog/regions/floors/reference -> files


SEVERITIES = ("error", "warning", "info")
_Param = str | int | float | bool | list[str | int | float | bool]


class _RuleTable(BaseModel):
    model_config = ConfigDict(extra="allow", strict=True)
    severity: Literal["error", "warning", "info"] | None = None
    __pydantic_extra__: dict[str, _Param]


class _Table(BaseModel):
    """`[tool.plancheck]`, exactly as written."""

    model_config = ConfigDict(extra="forbid", strict=True, populate_by_name=False)
    waivers: str | None = None
    output_dir: str = Field("reports", alias="output-dir", min_length=1)
    lang: Literal["zh", "en"] = "zh"
    select: list[str] = Field(default_factory=list)
    ignore: list[str] = Field(default_factory=list)
    fail_on: Literal["error", "warning"] = Field("error", alias="fail-on")
    rules: dict[str, _RuleTable] = Field(default_factory=dict)
    cache_dir: str | None = Field(None, alias="cache-dir")
    cache_max_mb: int = Field(DEFAULT_MAX_MB, alias="cache-max-mb", gt=0, le=10**7)
    catalog: str | list[str] | None = None
    regions: str | list[str] | None = None
    floors: str | list[str] | None = None
    reference: str | list[str] | None = None


_REFERENCE_KEYS = ("catalog", "regions", "floors", "reference")


KEYS = tuple(f.alias or name for name, f in _Table.model_fields.items())
_CHOICES = {"lang": ("zh", "en"), "fail-on": ("error", "warning"), "severity": SEVERITIES}
_EXPECTED = {"string_type": "a string", "list_type": "a list of strings", "dict_type": "a table",
             "model_type": "a table", "model_attributes_type": "a table", "int_type": "a whole number",
             "bool_type": "true or false", "float_type": "a number", "greater_than": "a number above 0",
             "less_than_equal": "a smaller number", "string_too_short": "a non-empty string"}


def load(path: Path | None = None, start: Path | None = None) -> Settings:
    """Read settings from `path`, or from the nearest pyproject.toml / plancheck.toml above `start`."""
    if path is None:
        here = (start or Path.cwd()).resolve()
        for d in [here, *here.parents]:
            for name in ("plancheck.toml", "pyproject.toml"):
                cand = d / name
                if cand.is_file():
                    table = _table(_read(cand), cand, required=name == "plancheck.toml")
                    if table is not None:
                        return _settings(table, cand)
        return Settings()
    table = _table(_read(path), path, required=True)
    return _settings(table, path)


def _read(path: Path) -> dict:
    try:
        return tomllib.loads(read_regular(path).decode("utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
        raise ConfigError(f"{path}: cannot read settings: {e}") from None


def _table(data: dict, path: Path, required: bool) -> dict | None:
    """The settings in a file: its `[tool.plancheck]` table, or (for a settings file of its own)
    the file's top level. A pyproject.toml without the table has no settings."""
    tool = data.get("tool")
    if isinstance(tool, dict) and "plancheck" in tool:
        table = tool["plancheck"]
        if not isinstance(table, dict):
            raise ConfigError(f"{path}: [tool.plancheck] must be a table, not {table!r}")
        return table
    if path.name == "pyproject.toml":
        if required:
            raise ConfigError(f"{path}: no [tool.plancheck] table")
        return None
    if "tool" in data:
        raise ConfigError(f"{path}: settings go at the top level or in [tool.plancheck]; found [tool] without it")
    return data


# letters typed for the digits they look like (PC1O1 for PC101, PCl01): read as those digits first


def _did_you_mean(word: object, choices) -> str:
    names = [str(c) for c in choices]
    fixed = str(word).translate(LOOKALIKE)
    if fixed != str(word) and fixed in names:
        return f"; did you mean {fixed!r}?"
    close = difflib.get_close_matches(str(word), names, n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


def _explain(err: dict, path: Path) -> str:
    loc = [str(p) for p in err["loc"]]
    key = "".join(f"[{p}]" if isinstance(p, int) else (f".{p}" if i else p) for i, p in enumerate(err["loc"]))
    value = err.get("input")
    shown = repr(value) if len(repr(value)) <= 60 else repr(value)[:57] + "..."
    if err["type"] == "extra_forbidden":
        return f"{path}: unknown setting {key!r} in [tool.plancheck] (known: {', '.join(KEYS)}){_did_you_mean(loc[-1], KEYS)}"
    if err["type"] == "literal_error":
        choices = _CHOICES.get(loc[-1], ())
        return (f"{path}: {key} = {shown} is not one of {' | '.join(choices)}"
                f"{_did_you_mean(value, choices)}")
    expected = _EXPECTED.get(err["type"], err["msg"])
    if loc[:1] and loc[0] in _REFERENCE_KEYS:
        expected = "a file name or a list of file names"
    if loc[:1] == ["rules"] and len(loc) == 2:
        expected = "a table ([tool.plancheck.rules." + loc[1] + "])"
    return f"{path}: {key} = {shown}: expected {expected}"


def _settings(table: dict, path: Path) -> Settings:
    try:
        t = _Table.model_validate(table)
    except pydantic.ValidationError as exc:
        errors = exc.errors(include_url=False)
        # one message per key: a union reports each branch; the first says enough
        seen, lines = set(), []
        for e in errors:
            loc = tuple(p for p in e["loc"] if not (isinstance(p, str) and ("[" in p or p in ("str", "int", "float", "bool", "list"))))
            if loc[:3] in seen:
                continue
            seen.add(loc[:3])
            lines.append(_explain({**e, "loc": loc}, path))
        raise ConfigError("\n".join(lines)) from None
    base = path.parent
    s = Settings(source=str(path))
    if t.waivers is not None:
        s.waivers = str(base / t.waivers)
    s.output_dir = t.output_dir
    if t.cache_dir is not None:
        s.cache_dir = str(base / t.cache_dir) if t.cache_dir else None
        s.cache = bool(t.cache_dir)
    s.cache_max_mb = t.cache_max_mb
    s.lang, s.fail_on = t.lang, t.fail_on
    s.select, s.ignore = list(t.select), list(t.ignore)
    s.rules = {}
    for code, rt in t.rules.items():
        conf = dict(rt.model_extra or {})
        if rt.severity is not None:
            conf["severity"] = rt.severity
        s.rules[code.upper()] = conf
    for key in _REFERENCE_KEYS:
        value = getattr(t, key)
        if value is not None:
            names = [value] if isinstance(value, str) else value
            if not names or not all(names):
                raise ConfigError(f"{path}: {key} = {value!r}: expected a file name or a list of file names (globs allowed)")
            s.reference_data[key] = [str(base / n) for n in names]
    _check_rules(s.rules, path)
    return s


def _check_rules(rules: dict[str, dict], path: Path) -> None:
    """Each `[tool.plancheck.rules.CODE]` names a rule and only that rule's parameters, with
    values of the parameter's type."""
    if not rules:
        return
    from plancheck.rules import all_rules

    known = {r.code: r for r in all_rules()}
    for code, conf in rules.items():
        rule = known.get(code)
        if rule is None:
            raise ConfigError(f"{path}: rules.{code}: no such rule (see `plancheck rules`){_did_you_mean(code, known)}")
        for name, value in conf.items():
            if name == "severity":
                continue
            if name not in rule.params:
                names = sorted(rule.params) or ["(none)"]
                raise ConfigError(f"{path}: rules.{code}.{name}: {code} has no parameter {name!r} "
                                  f"(known: {', '.join(names)}){_did_you_mean(name, rule.params)}")
            default = rule.params[name]
            if default is not None and not _same_type(value, default):
                raise ConfigError(f"{path}: rules.{code}.{name} = {value!r}: expected {type(default).__name__} "
                                  f"like the default {default!r}")


def _same_type(value: object, default: object) -> bool:
    if isinstance(default, bool) or isinstance(value, bool):
        return isinstance(value, bool) and isinstance(default, bool)
    if isinstance(default, float):
        return isinstance(value, (int, float))
    return isinstance(value, type(default))
