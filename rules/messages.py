"""The rules' message templates: one YAML file per language (`rules/data/messages.zh.yaml`,
`rules/data/messages.en.yaml`), a template per rule code and message kind.

A rule declares its kinds once (`Rule.messages`) and reports with
`self.finding("kind", corpus, values={...}, facts=[...])`: both messages are filled from `values`
(which the report also carries), so the words of a message are data and its figures are fields.

Template syntax: `str.format` fields over `values` (`{stated}`), plus `{field:t}`: the term the
value names, in the message's language, looked up in the rule's `terms` and then in the shared
`terms` of the file. A term may itself hold fields of `values` (a sub-phrase chosen by a value:
`subject: column` -> `表格{role:t}列（{year}年…）`), so a message has no language-specific code.
`{field:t:prefix-}`: the term `prefix-<value>` (a field name's word: `field-year` -> 年份).
`{field:t?}`: the term where the value names one, else the value itself (a year, or `None` -> 无).
`{field:each:term}`: a list of dicts, the term filled from each (over the values) and joined by
the language's `sep` term (`、` / `, `), or by another term: `{field:each:term:semi}`.

Figures are written in `values` as printed (`16.6%`, `>=1350 亿元 (2025)`), never re-formatted:
the templates only place them. `tests/test_messages.py` checks that every declared kind has a
template in every language, that no template is left without a kind, and that every field of a
template is a key the rule passes.
"""

from __future__ import annotations

import string
from functools import cache
from importlib import resources

import yaml

LANGS = ("zh", "en")
TERMS = "terms"


class MessageError(KeyError):
    """A template names a field the rule does not pass, or a term nobody declared."""


@cache
def catalog(lang: str) -> dict[str, dict]:
    """rule code (or `terms`) -> {kind: template} for one language."""
    text = resources.files("plancheck.rules").joinpath("data", f"messages.{lang}.yaml").read_text("utf-8")
    data = yaml.safe_load(text) or {}
    if not isinstance(data, dict) or not all(isinstance(v, dict) for v in data.values()):
        raise ValueError(f"messages.{lang}.yaml: a mapping of rule code -> {{kind: template}}")
    return data


def templates(code: str, lang: str) -> dict[str, str]:
    """The message kinds of one rule, without its terms."""
    return {k: v for k, v in catalog(lang).get(code, {}).items() if k != TERMS}


def terms(code: str, lang: str) -> dict[str, str]:
    """The rule's own terms over the shared ones."""
    return dict(_terms(code, lang))


@cache
def _terms(code: str, lang: str) -> dict[str, str]:
    shared = catalog(lang).get(TERMS, {})
    own = catalog(lang).get(code, {}).get(TERMS, {}) or {}
    return {**shared, **own}


@cache
def _pieces(template: str) -> tuple[tuple[str, str | None, str], ...] | None:
    """A template as (literal, field, spec) pieces, parsed once; None when a field is more than
    a name with a plain spec (an index, an attribute, a conversion, a nested spec): the standard
    formatter reads such a template."""
    out = []
    for literal, name, spec, conversion in string.Formatter().parse(template):
        if name is not None and (not name.isidentifier() or conversion is not None or "{" in spec):
            return None
        out.append((literal, name, spec))
    return tuple(out)


class _Formatter(string.Formatter):
    def __init__(self, code: str, lang: str):
        self.code, self.lang = code, lang

    def get_value(self, key, args, kwargs):
        try:
            return kwargs[key]
        except KeyError:
            raise MessageError(f"{self.code}: a template names {{{key}}}, which the rule does not pass") from None

    def vformat(self, format_string, args, kwargs):
        """`string.Formatter.vformat`, from the template's pieces parsed once (`_pieces`)."""
        pieces = _pieces(format_string)
        if pieces is None:
            return super().vformat(format_string, args, kwargs)
        out = []
        for literal, name, spec in pieces:
            out.append(literal)
            if name is not None:
                out.append(self.format_field(self.get_value(name, args, kwargs), spec))
        return "".join(out)

    def _term(self, name: str) -> str:
        words = _terms(self.code, self.lang)
        if name not in words:
            raise MessageError(f"{self.code}: no {self.lang} term {name!r} (rules/data/messages.{self.lang}.yaml)")
        return str(words[name] or "")

    def format_field(self, value, format_spec):
        if format_spec == "t":
            return self.vformat(self._term("" if value is None else str(value)), (), self._values)
        if format_spec.startswith("t:"):  # the term named by a prefix and the value: {field:t:field-}
            return self.vformat(self._term(format_spec[2:] + str(value)), (), self._values)
        if format_spec == "t?":  # the value's term where one is declared (`None` -> 无), else the value
            name = "" if value is None else str(value)
            return self.vformat(self._term(name), (), self._values) if name in _terms(self.code, self.lang) else name
        if format_spec.startswith("each:"):  # a list of dicts: the term once per item, joined by `sep`
            name, _, sep = format_spec[5:].partition(":")
            outer, phrase = self._values, self._term(name)
            try:
                parts = []
                for item in value:
                    self._values = {**outer, **item}
                    parts.append(self.vformat(phrase, (), self._values))
            finally:
                self._values = outer
            return self._term(sep or "sep").join(parts)
        return format(value, format_spec)

    def render(self, template: str, values: dict) -> str:
        self._values = values
        return self.vformat(template, (), values)


def render(code: str, kind: str, values: dict, lang: str) -> str:
    """The message of kind `kind` of rule `code` in `lang`, filled from `values`."""
    template = catalog(lang).get(code, {}).get(kind) if kind != TERMS else None
    if template is None:
        raise MessageError(f"{code}: no {lang} message for kind {kind!r} (rules/data/messages.{lang}.yaml)")
    return _Formatter(code, lang).render(template, values)


def fields(template: str) -> set[str]:
    """The fields a template reads (a term's own fields are read from the same values)."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}
