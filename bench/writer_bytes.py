"""Each text format (report.json, report.sarif, junit.xml, report.md, report-summary.md) written
from one writer capture (`bench/writers.py capture`) into a folder, with the CPU seconds of the
report.json document build and of each format, and the sha256 of each file: run it with two
trees' interpreters on the same capture to compare their bytes and time side by side (issue 13).

    cd A && .venv/bin/python B/bench/writer_bytes.py /tmp/r3000.pkl /tmp/a
    cd B && .venv/bin/python bench/writer_bytes.py /tmp/r3000.pkl /tmp/b

The tree measured is the working directory's (its `plancheck`, its `bench.writers`), so the
script of one tree measures the other from there.

The document is built once (the collector paused, as `writers.write` does) and frozen; each format
is streamed to its file as `writers.write_format` streams it.
"""

from __future__ import annotations

import gc
import hashlib
import json
import resource
import sys
from importlib import import_module
from pathlib import Path

sys.path.insert(0, str(Path.cwd()))  # the tree under test: the working directory

from bench.writers import load  # noqa: E402 (after the path)

TEXT_FORMATS = ("json", "sarif", "junit", "md", "summary")


def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def main() -> None:
    from plancheck.report.build import build, stream_json_bytes
    from plancheck.report.formats import WRITERS

    capture, out = Path(sys.argv[1]), Path(sys.argv[2])
    formats = sys.argv[3].split(",") if len(sys.argv) > 3 else list(TEXT_FORMATS)
    sys.setrecursionlimit(10_000)
    result = load(capture)
    out.mkdir(parents=True, exist_ok=True)
    t = _cpu()
    doc = build(result, "zh")
    cpu = {"build": round(_cpu() - t, 2)}
    gc.freeze()  # as writers.write does while the set is written
    sha = {}
    tables = getattr(result, "tables", None) or []
    for fmt in formats:
        name, module = WRITERS[fmt]
        t = _cpu()
        if fmt == "json":
            pieces = stream_json_bytes(doc)  # as writers.write_format writes them
        elif fmt == "md":
            pieces = import_module(module).chunks(doc, tables)
        elif fmt == "summary":
            pieces = [import_module(module).render(doc, result)]
        else:
            mod = import_module(module)
            pieces = mod.byte_chunks(doc) if hasattr(mod, "byte_chunks") else mod.chunks(doc)
        h = hashlib.sha256()
        with open(out / name, "wb") as fh:
            for piece in pieces:
                data = piece if isinstance(piece, bytes) else piece.encode("utf-8")
                h.update(data)
                fh.write(data)
        cpu[fmt] = round(_cpu() - t, 2)
        sha[fmt] = h.hexdigest()
    print(json.dumps({"cpu_s": cpu, "sha256": sha}))


if __name__ == "__main__":
    main()
