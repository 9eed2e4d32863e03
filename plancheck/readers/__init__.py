"""Readers for raw documents: .txt (any common Chinese encoding), .docx, .pdf (text layer), .html.

    from plancheck.readers import read, collect, ReadError
    doc = read(Path("draft.docx"))     # Document: blocks with locations, tables as cells

Each reader is a small module over a maintained library (charset-normalizer, python-docx,
pdfplumber, lxml). A file that cannot be read raises ReadError with the reason.
"""

from __future__ import annotations

from importlib import import_module
from pathlib import Path

from plancheck.readers.base import Block, Document, Location, ReadError, Table

__all__ = ["Block", "Document", "Location", "ReadError", "Table", "SUPPORTED", "collect", "read"]

SUPPORTED = {".txt": "text", ".docx": "docx", ".pdf": "pdf", ".html": "html", ".htm": "html"}


def collect(paths: list[Path]) -> tuple[list[Path], list[tuple[Path, str]]]:
    """The supported files named or found under folders (sorted), and the paths that are not."""
    found: list[Path] = []
    bad: list[tuple[Path, str]] = []
    for p in paths:
        if p.is_dir():
            found.extend(sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in SUPPORTED
                                and not any(part.startswith(".") for part in f.relative_to(p).parts)))
        elif not p.exists():
            bad.append((p, "no such file or folder"))
        elif p.suffix.lower() not in SUPPORTED:
            bad.append((p, f"unsupported file type {p.suffix or '(none)'}; supported: {', '.join(sorted(SUPPORTED))}"))
        else:
            found.append(p)
    seen, out = set(), []
    for f in found:
        key = f.resolve()
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out, bad


def read(path: Path, display: str | None = None) -> Document:
    """Read one document; ReadError when it cannot be read (never another exception for bad input)."""
    kind = SUPPORTED.get(path.suffix.lower())
    if kind is None:
        raise ReadError(f"unsupported file type {path.suffix or '(none)'}")
    module = import_module(f"plancheck.readers.{kind}")
    try:
        raw = path.read_bytes()
    except OSError as e:
        raise ReadError(f"cannot read the file: {e.strerror or e}") from e
    return module.read(raw, display or str(path))
