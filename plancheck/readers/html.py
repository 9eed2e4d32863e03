"""A saved web page (.html/.htm) with lxml: the main text and its tables, without the page's
navigation, header, footer, sidebars and scripts.

The main part is the first of <main>, <article>, [role=main], or an element whose id/class
names the content (content, article, zoom, TRS_Editor ... as government sites use); else the
<body> with its boilerplate removed. Each block keeps the source line of its element.
"""

from __future__ import annotations

import re

from plancheck.readers.base import Block, Document, Location, ReadError, Table
from plancheck.readers.text import decode

_DROP_TAGS = {"script", "style", "noscript", "nav", "header", "footer", "aside", "form", "iframe", "select",
              "button", "template", "svg"}
_DROP_ATTR = re.compile(r"(^|[\s_-])(nav|navbar|menu|footer|foot|header|head|breadcrumb|crumb|sidebar|side|"
                        r"copyright|share|toolbar|banner|topbar|bottom|links|related)([\s_-]|$)", re.I)
_MAIN_ATTR = re.compile(r"(content|article|zoom|trs_editor|main|detail|text|zw|正文)", re.I)
_BLOCK = {"p", "div", "section", "article", "main", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "pre",
          "blockquote", "dd", "dt", "dl", "body", "center", "font-block"}


def read(raw: bytes, display: str) -> Document:
    import lxml.html
    from lxml import etree

    text, enc = decode(raw)
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)  # lxml refuses str input with an encoding declaration
    try:
        root = lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError) as e:
        raise ReadError(f"not a readable HTML page ({e})") from e
    title_el = root.find(".//title")
    title = title_el.text_content().strip() if title_el is not None else None
    for el in list(root.iter()):
        if not isinstance(el.tag, str):
            el.drop_tree() if el.getparent() is not None else None
            continue
        attrs = f"{el.get('id', '')} {el.get('class', '')}"
        if el.tag in _DROP_TAGS or (el.tag != "body" and _DROP_ATTR.search(attrs) and not _MAIN_ATTR.search(attrs)):
            if el.getparent() is not None:
                el.drop_tree()
    main = _main(root)
    blocks: list[Block] = []
    tables: list[Table] = []
    _walk(main, blocks, tables)
    if not blocks and not tables:
        raise ReadError("the page has no main text")
    return Document(display, "html", blocks, tables, enc, title)


def _main(root):
    for xp in (".//main", ".//article", ".//*[@role='main']"):
        found = root.find(xp) if not xp.startswith(".//*[") else next(iter(root.xpath(xp)), None)
        if found is not None and found.text_content().strip():
            return found
    best, best_len = None, 0
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        attrs = f"{el.get('id', '')} {el.get('class', '')}"
        if el.tag in ("div", "section", "td") and _MAIN_ATTR.search(attrs):
            n = len(el.text_content().strip())
            if n > best_len:
                best, best_len = el, n
    if best is not None and best_len >= 50:
        return best
    body = root.find(".//body")
    return body if body is not None else root


def _walk(el, blocks: list[Block], tables: list[Table]) -> None:
    buf: list[str] = [el.text or ""]
    line = el.sourceline

    def flush():
        t = re.sub(r"\s+", " ", "".join(buf)).strip()
        if t:
            blocks.append(Block(t, Location(line=line)))
        buf.clear()

    for ch in el:
        if not isinstance(ch.tag, str):
            buf.append(ch.tail or "")
            continue
        if ch.tag == "table":
            flush()
            tables.append(_table(ch, len(tables) + 1))
            line = ch.sourceline
        elif ch.tag in _BLOCK:
            flush()
            _walk(ch, blocks, tables)
            line = ch.sourceline
        elif ch.tag == "br":
            flush()
            line = ch.sourceline
        else:
            buf.append(ch.text_content())
        buf.append(ch.tail or "")
    flush()


def _table(el, t_no: int) -> Table:
    rows = []
    for r_no, tr in enumerate(el.iter("tr"), 1):
        cells = [Block(re.sub(r"\s+", " ", td.text_content()).strip(), Location(line=td.sourceline, table=t_no, row=r_no, cell=c))
                 for c, td in enumerate((x for x in tr if isinstance(x.tag, str) and x.tag in ("td", "th")), 1)]
        rows.append(tuple(cells))
    return Table(tuple(rows), Location(line=el.sourceline, table=t_no))
