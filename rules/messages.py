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
# libyaml's safe loader where PyYAML has it (~10x faster than the Python one: each worker process
# of a large check reads both files); the same data (tests/test_messages.py)
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
TERMS = "terms"


class MessageError(KeyError):
    """A template names a field the rule does not pass, or a term nobody declared."""


@cache
def catalog(lang: str) -> dict[str, dict]:
    """rule code (or `terms`) -> {kind: template} for one language."""
    text = resources.files("plancheck.rules").joinpath("data", f"messages.{lang}.yaml").read_text("utf-8")
    data = yaml.load(text, Loader=SAFE_LOADER) or {}
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


# how a field is filled (`_ops`): its value formatted, or a term chosen by it
_PLAIN, _TERM, _PREFIXED, _TERM_OR_VALUE, _EACH = range(5)


@cache
def _ops(template: str) -> tuple[tuple[str, str | None, int, str, str], ...] | None:
    """A template's pieces with each field's spec read once: (literal, field, how, term or
    prefix, separator term); None where the standard formatter reads the template (`_pieces`)."""
    pieces = _pieces(template)
    if pieces is None:
        return None
    out = []
    for literal, name, spec in pieces:
        if name is None:
            out.append((literal, None, _PLAIN, "", ""))
        elif spec == "t":
            out.append((literal, name, _TERM, "", ""))
        elif spec.startswith("t:"):
            out.append((literal, name, _PREFIXED, spec[2:], ""))
        elif spec == "t?":
            out.append((literal, name, _TERM_OR_VALUE, "", ""))
        elif spec.startswith("each:"):
            term, _, sep = spec[5:].partition(":")
            out.append((literal, name, _EACH, term, sep or "sep"))
        else:
            out.append((literal, name, _PLAIN, spec, ""))
    return tuple(out)


def _term(code: str, lang: str, name: str) -> str:
    words = _terms(code, lang)
    if name not in words:
        raise MessageError(f"{code}: no {lang} term {name!r} (rules/data/messages.{lang}.yaml)")
    return str(words[name] or "")


def _fill(code: str, lang: str, template: str, values: dict) -> str:
    """`template` filled from `values`: its fields formatted, its terms chosen and filled from the
    same values (an `each` item's fields over them)."""
    ops = _ops(template)
    if ops is None:
        formatter = _Formatter(code, lang)
        formatter._values = values
        return string.Formatter.vformat(formatter, template, (), values)
    out = []
    for literal, name, how, arg, sep in ops:
        out.append(literal)
        if name is None:
            continue
        try:
            value = values[name]
        except KeyError:
            raise MessageError(f"{code}: a template names {{{name}}}, which the rule does not pass") from None
        if how == _PLAIN:
            out.append(value if not arg and type(value) is str else format(value, arg))
        elif how == _TERM:
            out.append(_fill(code, lang, _term(code, lang, "" if value is None else str(value)), values))
        elif how == _PREFIXED:  # the term named by a prefix and the value: {field:t:field-}
            out.append(_fill(code, lang, _term(code, lang, arg + str(value)), values))
        elif how == _TERM_OR_VALUE:  # the value's term where one is declared (`None` -> 无), else the value
            word = "" if value is None else str(value)
            out.append(_fill(code, lang, _term(code, lang, word), values) if word in _terms(code, lang) else word)
        else:  # a list of dicts: the term once per item, joined by `sep`
            phrase = _term(code, lang, arg)
            parts = [_fill(code, lang, phrase, {**values, **item}) for item in value]
            out.append(_term(code, lang, sep).join(parts))
    return "".join(out)


class _Formatter(string.Formatter):
    """The standard formatter with the template syntax, for a template `_ops` does not read."""

    def __init__(self, code: str, lang: str):
        self.code, self.lang = code, lang
        self._values: dict = {}

    def get_value(self, key, args, kwargs):
        try:
            return kwargs[key]
        except KeyError:
            raise MessageError(f"{self.code}: a template names {{{key}}}, which the rule does not pass") from None

    def format_field(self, value, format_spec):
        if format_spec == "t":
            return _fill(self.code, self.lang, _term(self.code, self.lang, "" if value is None else str(value)), self._values)
        if format_spec.startswith("t:"):
            return _fill(self.code, self.lang, _term(self.code, self.lang, format_spec[2:] + str(value)), self._values)
        if format_spec == "t?":
            name = "" if value is None else str(value)
            if name in _terms(self.code, self.lang):
                return _fill(self.code, self.lang, _term(self.code, self.lang, name), self._values)
            return name
        if format_spec.startswith("each:"):
            name, _, sep = format_spec[5:].partition(":")
            phrase = _term(self.code, self.lang, name)
            parts = [_fill(self.code, self.lang, phrase, {**self._values, **item}) for item in value]
            return _term(self.code, self.lang, sep or "sep").join(parts)
        return format(value, format_spec)


def render(code: str, kind: str, values: dict, lang: str) -> str:
    """The message of kind `kind` of rule `code` in `lang`, filled from `values`."""
    template = catalog(lang).get(code, {}).get(kind) if kind != TERMS else None
    if template is None:
        raise MessageError(f"{code}: no {lang} message for kind {kind!r} (rules/data/messages.{lang}.yaml)")
    return _fill(code, lang, template, values)


def fields(template: str) -> set[str]:
    """The fields a template reads (a term's own fields are read from the same values)."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}
