"""Which report formats exist and how each is written (atomically, deterministically)."""

from __future__ import annotations

from importlib import import_module
from pathlib import Path

from plancheck.report.atomic import write_text
from plancheck.report.build import build, dumps

# format -> (file name, module with `render(doc, result) -> str`)
WRITERS: dict[str, tuple[str, str]] = {
    "json": ("report.json", ""),
    "md": ("report.md", "plancheck.report.markdown"),
    "html": ("report.html", "plancheck.report.html"),
    "sarif": ("report.sarif", "plancheck.report.sarif"),
    "junit": ("junit.xml", "plancheck.report.junit"),
}


def write(result, out_dir: Path, formats: list[str], lang: str, baseline: dict | None = None) -> dict:
    doc = build(result, lang, baseline)
    tables = getattr(result, "tables", None) or []
    for fmt in formats:
        name, module = WRITERS[fmt]
        if fmt == "json":
            text = dumps(doc)
        elif fmt == "md":
            text = import_module(module).render(doc, tables)
        else:
            text = import_module(module).render(doc, result)
        write_text(out_dir / name, text)
    return doc
