"""Rule selectors (`--select`, `--ignore`, `select = [...]`, `ignore = [...]`), resolved strictly.

A selector is a rule code (`PC101`), a code prefix that some rule's code starts with (`PC1`,
`PC20`; `PC` is every rule), or a rule name (`growth-rate`). Anything else — `PC9`, `PC1O1`
(letter O), `XYZ`, a string where a list is expected — is an error naming where it was written,
with "did you mean" for near matches, so a typo can never switch rules off (or all of them on)
in silence. Codes are case-insensitive; names are exact.
"""

from __future__ import annotations

import difflib
import re

_PREFIX = re.compile(r"PC\d{0,3}", re.I)


class SelectorError(ValueError):
    pass


def _vocabulary(rules) -> list[str]:
    return [r.code for r in rules] + [r.name for r in rules]


# letters typed for digits in a rule code (PC1O1, PCl01): read as digits before any fuzzy match
LOOKALIKE = str.maketrans({"O": "0", "o": "0", "l": "1", "I": "1"})


def suggest(word: str, vocabulary: list[str]) -> str:
    """' (did you mean X?)' for the closest known word, or ''; look-alike digits first."""
    upper = {v.upper(): v for v in vocabulary}
    fixed = word.translate(LOOKALIKE).upper()
    near = [fixed] if fixed != word.upper() and fixed in upper else []
    near += [n for n in difflib.get_close_matches(word.upper(), list(upper), n=3, cutoff=0.6) if n not in near]
    near = near[:3]
    if not near:
        return ""
    return " (did you mean " + " or ".join(repr(upper[n]) for n in near) + "?)"


def _matches(rule, pattern: str) -> bool:
    return rule.name == pattern or (bool(_PREFIX.fullmatch(pattern)) and rule.code.upper().startswith(pattern.upper()))


def check(patterns, where: str, rules) -> list[str]:
    """The patterns, each known to match a rule; `where` names the option or the file and key."""
    if isinstance(patterns, str):
        parts = [p.strip() for p in patterns.split(",") if p.strip()]
        raise SelectorError(f"{where}: expected a list of rule codes, got the string {patterns!r}"
                            f" (write {parts!r})")
    if not isinstance(patterns, list | tuple):
        raise SelectorError(f"{where}: expected a list of rule codes, got {type(patterns).__name__} {patterns!r}")
    out = []
    for p in patterns:
        if not isinstance(p, str) or not p.strip():
            raise SelectorError(f"{where}: {p!r} is not a rule code, prefix or name")
        p = p.strip()
        if not any(_matches(r, p) for r in rules):
            raise SelectorError(f"{where}: unknown rule selector {p!r}{suggest(p, _vocabulary(rules))};"
                                " see `plancheck rules`")
        out.append(p)
    return out


def from_option(value: str | None, option: str, rules) -> list[str]:
    """A comma-separated command-line value, checked."""
    if value is None:
        return []
    return check([p.strip() for p in value.split(",") if p.strip()] or [value], option, rules)


def apply(rules, select: list[str], ignore: list[str]) -> list:
    """The rules chosen by `select` (all when empty) minus those matched by `ignore`."""
    return [r for r in rules if (not select or any(_matches(r, p) for p in select))
            and not any(_matches(r, p) for p in ignore)]


def check_rule_settings(settings: dict, where: str, rules) -> None:
    """`[tool.plancheck.rules.CODE]` tables name existing rules, and their severities exist."""
    codes = {r.code: r for r in rules}
    for code, conf in settings.items():
        if code not in codes:
            raise SelectorError(f"{where}: settings for unknown rule [rules.{code}]{suggest(code, list(codes))}")
        if not isinstance(conf, dict):
            raise SelectorError(f"{where}: [rules.{code}] must be a table of settings, not {conf!r}")
        sev = conf.get("severity")
        if sev is not None and sev not in ("error", "warning", "info"):
            raise SelectorError(f"{where}: [rules.{code}] severity = {sev!r} is not error, warning or info"
                                f"{suggest(str(sev), ['error', 'warning', 'info'])}")
