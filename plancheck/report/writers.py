"""Which report formats exist and how the set is written (one unit, deterministically).

The set goes through `plancheck.report.reportset`: rendered into a fresh folder, then switched
into place, so a reader never sees files of two runs. A writer that raises is a bug in plancheck
(`WriterError`, exit 3); a folder that cannot take the set is the user's to fix (`OutputError`,
exit 2). Either way the previous complete set stays.

At country scale the text formats are written by a forked child while this process writes the
HTML (`plancheck.report.sidewrite`): the same files and manifest as the serial writer.
"""

from __future__ import annotations

import gc
import hashlib
from importlib import import_module
from pathlib import Path

from plancheck.report import causes, jsonstream, reportset, sidewrite
from plancheck.report.build import build, dumps, stream_json_bytes
from plancheck.report.formats import REPORT_NAMES, WRITERS
from plancheck.report.reportset import OutputError, SetWriter

__all__ = ["WRITERS", "OutputError", "WriterError", "write"]

KEY_CHUNK = 1 << 20  # the set key hashes report.json's text in pieces this size: never the whole text at once


class WriterError(Exception):
    """A report writer raised: an internal error of plancheck, not of the input."""

    def __init__(self, fmt: str, name: str, exc: BaseException):
        super().__init__(f"the {fmt} writer failed on {name}: {type(exc).__name__}: {exc}")
        self.fmt, self.name, self.exc = fmt, name, exc


def render(fmt: str, doc: dict, result) -> str:
    name, module = WRITERS[fmt]
    if fmt == "json":
        return dumps(doc)
    if fmt == "md":
        return import_module(module).render(doc, getattr(result, "tables", None) or [])
    mod = import_module(module)
    if hasattr(mod, "render_files"):  # the first file (report.html) is the format's own
        return next(iter(mod.render_files(doc, result)))[1]
    return mod.render(doc, result)


def target(out_dir: Path, protected: list[Path] = ()) -> Path:
    """Check early that `out_dir` can take a report set (OutputError if not)."""
    return reportset.target(out_dir, REPORT_NAMES, protected)


def write(result, out_dir: Path, formats: list[str], lang: str, baseline: dict | None = None,
          protected: list[Path] = ()) -> dict:
    """Write the chosen formats as one set into `out_dir`; returns the report.json document."""
    doc = build(result, lang, baseline)
    # the result and the document live until the set is written, and the writers make no
    # cycles: the collector need not walk them again (issue 13: each full collection walked
    # the millions of objects of a 3,000-plan result and its document)
    gc.freeze()
    try:
        with SetWriter(out_dir, REPORT_NAMES, protected) as out:
            # a set in place that records its inputs may be this very set: report.json is then
            # written first, its digest being the document's part of the set key, and an equal
            # key keeps the set. Otherwise (a new folder, as in CI) there is nothing to keep, and
            # report.json is written with the other formats (beside the HTML at country scale)
            keyed = getattr(result, "inputs_key", None) is not None
            first = "json" in formats and keyed and reportset.inputs_of(out.out) is not None
            key = None
            if first:
                write_format(out, "json", doc, result)
                key = set_key(result, doc, formats, out.files.get(WRITERS["json"][0]))
                if key is not None and out.unchanged(key, getattr(result, "seals", None)):
                    return doc  # the set in place was rendered from exactly these inputs: same bytes
            rest = [fmt for fmt in formats if not (first and fmt == "json")]
            if sidewrite.worth_it(doc, rest):  # the text formats in a forked child, the HTML here meanwhile
                there, here = sidewrite.split(rest)
                with sidewrite.Alongside(out, there, doc, result, write_format):
                    for fmt in here:
                        write_format(out, fmt, doc, result)
            else:
                for fmt in rest:
                    write_format(out, fmt, doc, result)
            if keyed and not first:
                key = set_key(result, doc, formats, out.files.get(WRITERS["json"][0]))
            out.commit(inputs=key)
            if key is not None and getattr(result, "seals", None) is not None:
                reportset.record_seal(result.seals, out.out, key)  # what `unchanged` will compare
    finally:
        gc.unfreeze()  # they are ordinary objects again (refcounting frees them meanwhile either way)
        causes.forget()  # the document is the caller's alone: it is freed when the caller drops it
    return doc


def set_key(result, doc: dict, formats: list[str], json_digest: str | None = None) -> str | None:
    """What a report set is a function of: the engine's digest of its inputs (plans, sources,
    reference data, rules and their code; None without a cache, then the set is always
    rewritten), the report.json document (findings, waivers, baseline, language, input errors:
    the sha256 of its text, `json_digest` when report.json was just written, else hashed here
    streaming), the tables and the formats. Equal keys render equal bytes, so an unchanged set is
    kept."""
    inputs = getattr(result, "inputs_key", None)
    if inputs is None:
        return None
    h = hashlib.sha256(f"{inputs}\0{','.join(sorted(set(formats)))}\0".encode())
    try:
        if json_digest is None:  # the text of report.json, streamed, never held whole
            text = hashlib.sha256()
            for chunk in stream_json_bytes(doc, KEY_CHUNK):
                text.update(chunk)
            json_digest = text.hexdigest()
        h.update(json_digest.encode() + b"\0")
        # the tables streamed too: a country's 14,550 cross-plan tables as one text (and its
        # UTF-8) were ~25 MB at once at the end of the report phase (issue 13)
        for chunk in jsonstream.byte_chunks(getattr(result, "tables", None) or [], KEY_CHUNK):
            h.update(chunk)
    except (TypeError, ValueError):  # not JSON: the json writer will say so (WriterError)
        return None
    return h.hexdigest()


def write_format(out: SetWriter, fmt: str, doc: dict, result) -> None:
    """One format into the set; report.json, report.sarif, junit.xml and report.md are streamed
    (never one string: the same text as `render`)."""
    name = WRITERS[fmt][0]
    try:
        if fmt == "json":
            out.write_chunks(name, stream_json_bytes(doc))
            return
        mod = import_module(WRITERS[fmt][1])
        if fmt == "md":
            out.write_chunks(name, mod.chunks(doc, getattr(result, "tables", None) or []))
            return
        if hasattr(mod, "byte_chunks"):  # UTF-8 as it is encoded (report.sarif)
            out.write_chunks(name, mod.byte_chunks(doc))
            return
        if hasattr(mod, "chunks"):
            out.write_chunks(name, mod.chunks(doc))
            return
        if hasattr(mod, "write_files"):  # several files, each written where it is rendered
            mod.write_files(out, doc, result)
            return
        text = render(fmt, doc, result)
    except OutputError:
        raise
    except Exception as e:
        raise WriterError(fmt, name, e) from e
    out.write(name, text)
