"""The reports' UI strings, one data file per language (plancheck/report/i18n/<lang>.yaml)."""

from __future__ import annotations

from functools import cache
from importlib import resources

import yaml

LANGS = ("zh", "en")


@cache
def load(lang: str) -> dict[str, dict[str, str]]:
    """{section: {key: text}} for `lang` (sections: html, md, values, causes, summary)."""
    text = resources.files("plancheck.report").joinpath("i18n", f"{lang}.yaml").read_text("utf-8")
    return yaml.safe_load(text)


def section(lang: str, name: str) -> dict[str, str]:
    return load(lang if lang in LANGS else "zh")[name]
