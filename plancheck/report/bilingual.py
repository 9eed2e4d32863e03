"""Texts of the HTML report in both languages, and how the page shows them.

A `Both` is a text in the report's language that also knows its zh and en forms. In a template,
`{{ text }}` writes both forms (`<span class="lz">` / `<span class="le">`: the page's language
switch shows one, CSS hides the other) through `__html__`, escaped; an attribute cannot hold markup,
so `{{ i18n(title=text) }}` writes it in the report's language plus `data-zh-title` / `data-en-title`
for the switch (report.js), and `{{ text|plain }}` writes one language only.
"""

from __future__ import annotations

from markupsafe import Markup, escape

from plancheck.report import strings


class Both(str):
    """A text in the report's language that also knows its zh and en forms."""

    zh: str
    en: str

    def __new__(cls, shown: str, zh: str, en: str):
        obj = super().__new__(cls, shown)
        obj.zh, obj.en = zh, en
        return obj

    def __html__(self) -> str:
        zh, en = self.zh, self.en
        if zh != en:
            return f'<span class="lz" lang="zh-CN">{esc(zh)}</span><span class="le" lang="en">{esc(en)}</span>'
        return esc(str(self))

    def map(self, fn) -> Both:
        """The same change applied to each form (`fn(text, lang)`)."""
        return Both(fn(str(self), None), fn(self.zh, "zh"), fn(self.en, "en"))


def esc(v: object) -> str:
    """`v` escaped as markupsafe's `escape` does, as a plain str: a str by str.replace, a `Both` by
    its `__html__` (no Markup built per piece: the HTML report escapes a million pieces at country scale)."""
    kind = type(v)
    if kind is str:
        if "&" in v:
            v = v.replace("&", "&amp;")
        return v.replace("<", "&lt;").replace(">", "&gt;").replace('"', "&#34;").replace("'", "&#39;")
    if kind is Both:
        return v.__html__()
    return str(escape(v))


def both(lang: str, zh: str | None, en: str | None) -> Both:
    zh, en = zh or en or "", en or zh or ""
    return Both(zh if lang == "zh" else en, zh, en)


def forms(v: object) -> tuple[str, str]:
    if isinstance(v, Both):
        return v.zh, v.en
    s = "" if v is None else str(v)
    return s, s


def join(sep: str, parts) -> Both:
    """Parts (texts or Boths) joined, each language with its own forms."""
    parts = list(parts)
    zh = sep.join(forms(p)[0] for p in parts)
    en = sep.join(forms(p)[1] for p in parts)
    shown = sep.join(str(p) for p in parts)
    return Both(shown, zh, en)


class BiDict(dict):
    """UI strings of the report's language (plancheck/report/i18n/<lang>.yaml); each value a `Both`."""

    def __init__(self, lang: str, section: str = "html"):
        zh, en = strings.section("zh", section), strings.section("en", section)
        mine = zh if lang == "zh" else en
        super().__init__({k: Both(mine[k], zh[k], en.get(k, zh[k])) for k in zh})
        self.lang = lang

    def fmt(self, key: str, **kw) -> Both:
        b = self[key]

        def pick(lang: str) -> dict:
            return {k: (getattr(v, lang) if isinstance(v, Both) else v) for k, v in kw.items()}

        return Both(str(b).format(**pick(self.lang)), b.zh.format(**pick("zh")), b.en.format(**pick("en")))


def plain(v: object) -> str:
    """One language only (the report's): for attributes and text-only places."""
    return "" if v is None else str(v)


def i18n(text: object = None, **attrs: object) -> Markup:
    """Attributes in the report's language, with both forms for the switch: `title=...`, `aria_label=...`
    (underscores become dashes); `text=` for an element that holds text only (<option>, <title>)."""
    names, out = [], []
    items = ([("text", text)] if text is not None else []) + [(k.replace("_", "-"), v) for k, v in attrs.items()]
    for name, v in items:
        zh, en = forms(v)
        if name != "text":
            out.append(f'{name}="{esc(plain(v))}"')
        if zh != en:
            names.append(name)
            out.append(f'data-zh-{name}="{esc(zh)}" data-en-{name}="{esc(en)}"')
    if names:
        out.insert(0, f'data-i18n="{" ".join(names)}"')
    return Markup(" ".join(out))
