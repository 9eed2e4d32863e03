"""Rule summaries and documentation per language: en is the rule's docstring (the one source of
`plancheck explain` and docs/rules.md), zh comes from plancheck/report/i18n/rules.zh.yaml."""

from __future__ import annotations

from functools import cache
from importlib import resources

import yaml


@cache
def zh_rules() -> dict[str, dict[str, str]]:
    text = resources.files("plancheck.report").joinpath("i18n", "rules.zh.yaml").read_text("utf-8")
    return yaml.safe_load(text) or {}


def _rule(code: str):
    try:
        from plancheck.rules import get_rule

        return get_rule(code)
    except Exception:  # a broken rule module must not break the report
        return None


def summary(code: str, lang: str, fallback: str = "") -> str:
    if lang == "zh" and code in zh_rules():
        return zh_rules()[code]["summary"]
    r = _rule(code)
    return r.summary() if r is not None else fallback


def doc(code: str, lang: str) -> str:
    if lang == "zh" and code in zh_rules():
        return zh_rules()[code]["doc"]
    r = _rule(code)
    return r.doc() if r is not None else ""
