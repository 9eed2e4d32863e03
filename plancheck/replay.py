"""Replay a `plancheck check` whose inputs have not changed since it last ran on this machine.

A check is a function of its inputs: the options and settings, plancheck's code and the
libraries it runs on, and the bytes of every file it reads (plan files, their source texts,
reference files, waivers, baseline, files named in rule settings) together with the listing of
each plan folder. When none of these has changed and the report set it wrote is still in place,
its outcome is known without loading a plan: the same lines on stdout and stderr and the same
exit code. A drafter's repeated `make check` and a re-run CI job on a kept cache take this path.

The record of a run is a cache entry (`findings/<key>.json`, authenticated with the machine's
secret like every entry, so a record cannot be planted by a pull request) keyed by the
invocation; it holds each file read with its sha256, the plan list and folder listings, the
digest of the report set written (`reportset.inputs_of`) and the captured output. A later run
with the same invocation re-reads and re-hashes every one of those files, lists the folders
again, checks the set in place (`reportset.in_place`) and only then writes the recorded output.
Anything that differs, is missing or cannot be read means a normal run. Only runs that end in
exit 0, 1 or 2 are recorded (an internal error is never replayed), and only when a report set
with an inputs digest was written (that needs the cache too).
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import io
import json
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import orjson

from plancheck import inputs
from plancheck.cache import NotCached, PlanCache
from plancheck.report import reportset
from plancheck.safeio import open_regular

FORMAT = 1
REPLAYABLE = (0, 1, 2)  # exit codes of a run that completed: findings or none, or bad input
PIECE = 1 << 20  # characters of captured output escaped into the record at a time (`record_chunks`)


def _digest(path: str) -> list | None:
    """[real path, sha256] of a readable regular file, None if there is none to read (a FIFO or
    a device is not read: plancheck.safeio)."""
    try:
        with open_regular(path) as fh:
            return [os.path.realpath(path), hashlib.file_digest(fh, "sha256").hexdigest()]
    except (OSError, ValueError):
        return None


def _listing(folder: str) -> list[str] | None:
    try:
        return sorted(os.listdir(folder))
    except OSError:
        return None


def _versions() -> list[str]:
    """Python's version and every installed distribution with its version (the `name-version`
    of each `.dist-info`/`.egg-info` on sys.path, as importlib.metadata finds them, without
    reading their metadata): an upgrade of any library, a direct dependency or not (pydantic-core
    under pydantic, pandas under Great Expectations), can change a finding."""
    out = [sys.version]
    for entry in sys.path:
        for name in _listing(entry or ".") or []:
            if name.endswith((".dist-info", ".egg-info")):
                out.append(f"{entry}/{name}")
    return out


def _setting_files(value) -> list[str]:
    """Strings in rule settings that name existing files (a rule reads them: e.g. PC203's totals)."""
    if isinstance(value, str):
        return [value] if value and os.path.isfile(value) else []
    if isinstance(value, dict):
        return [f for v in value.values() for f in _setting_files(v)]
    if isinstance(value, list):
        return [f for v in value for f in _setting_files(v)]
    return []


class Capture(io.TextIOBase):
    """A text stream that writes through to `stream` and keeps a copy of what was written: in an
    anonymous temporary file (issue 13: a country's ~130,000 finding lines were ~50 MB held in
    memory to the end of the run), in memory where no temporary file can be made. `discard()`
    drops the copy; a copy that cannot be written is dropped (the run is then not recorded)."""

    def __init__(self, stream):
        self.stream = stream
        self.passthrough = stream  # plancheck.terminal.notice writes here: not kept
        try:  # surrogatepass: a lone surrogate is kept as written (the record then refuses it)
            self._copy = tempfile.TemporaryFile("w+", encoding="utf-8", errors="surrogatepass", newline="")
        except OSError:
            self._copy = io.StringIO(newline="")

    def write(self, s: str) -> int:
        if self._copy is not None:
            try:
                self._copy.write(s)
            except OSError:  # the temporary file cannot take it (a full disk): no record, the output goes on
                self.discard()
        return self.stream.write(s)

    def flush(self) -> None:
        self.stream.flush()

    def isatty(self) -> bool:
        return self.stream.isatty()

    def fileno(self) -> int:
        return self.stream.fileno()

    @property
    def encoding(self):
        return getattr(self.stream, "encoding", "utf-8")

    def text(self) -> str:
        return "".join(self.pieces())

    def pieces(self, size: int = PIECE) -> Iterator[str]:
        """`text()` in consecutive pieces of `size` characters (but the last; none for no
        output): the whole text is never one string."""
        if self._copy is None:  # the copy was lost (`write`) or dropped: nothing to record
            raise NotCached("the captured output was not kept")
        self._copy.seek(0)
        while piece := self._copy.read(size):
            yield piece
        self._copy.seek(0, io.SEEK_END)  # a write after this goes at the end

    def discard(self) -> None:
        if self._copy is not None:
            self._copy.close()
            self._copy = None


def record_chunks(head: dict, out: Capture, err: Capture, size: int = PIECE) -> Iterator[bytes]:
    """The bytes of `orjson.dumps({**head, "stdout": out.text(), "stderr": err.text()})`, in
    pieces, the captured text escaped a piece at a time (issue 13: at 3,000 plans the joined
    finding lines and their encoding were ~75 MB at the very end of the run; a JSON string's
    escapes are per character, so the escaped pieces put together are the escaped whole). Text
    JSON cannot hold (a lone surrogate) raises NotCached: no record is written."""
    if not head or "stdout" in head or "stderr" in head:
        raise ValueError("the record's head needs its own fields and no captured output")
    yield orjson.dumps(head)[:-1]  # without its closing brace
    for name, cap in (("stdout", out), ("stderr", err)):
        yield b',"' + name.encode() + b'":"'
        for piece in cap.pieces(size):
            try:
                yield orjson.dumps(piece)[1:-1]
            except TypeError as e:
                raise NotCached(str(e)) from e
        yield b'"'
    yield b"}"


@dataclasses.dataclass
class Invocation:
    """One `plancheck check` as far as its outcome depends on it."""

    args: object  # argparse.Namespace
    settings: object  # plancheck.config.Settings
    paths: list[Path]
    out_dir: Path
    cache_dir: Path
    files: list[Path]  # waivers, baseline: read before the load
    colors: tuple[bool, ...]  # colour on stdout and stderr, as the printers decide it

    def key(self) -> bytes:
        opts = {k: v for k, v in sorted(vars(self.args).items()) if not callable(v)}
        return json.dumps({
            "format": FORMAT, "cwd": os.getcwd(), "options": opts,
            "settings": dataclasses.asdict(self.settings), "paths": [str(p) for p in self.paths],
            "out_dir": os.path.abspath(self.out_dir), "cache_dir": os.path.abspath(self.cache_dir),
            "colors": self.colors, "versions": _versions(),
        }, sort_keys=True, default=str).encode()

    def read_files(self) -> dict[str, list | None]:
        """Every file this invocation reads before and besides the plans and their sources."""
        names = [str(p) for p in self.files]
        names += [str(p) for kind in inputs.KINDS
                  for p in inputs.user_files(self.settings.reference_data, self.paths)[kind]]
        names += _setting_files(self.settings.rules)
        return {n: _digest(n) for n in names}


class Replay:
    """The record of `inv`: `replay()` writes its output if nothing changed, `store()` keeps it."""

    def __init__(self, inv: Invocation):
        self.inv = inv
        self.cache = PlanCache(inv.cache_dir / "findings")
        self.key = self.cache.key(b"replay\0" + inv.key())
        # read before the run: a baseline or waivers file inside the output folder is rewritten by it
        self.before = inv.read_files()

    def _state(self, plan_paths: list[Path], sources: list[str]) -> dict:
        folders = sorted({str(p.parent) for p in plan_paths} | {str(p) for p in self.inv.paths if p.is_dir()})
        return {
            "plans": [str(p) for p in plan_paths], "sources": sources,
            "listings": {f: _listing(f) for f in folders},
            "files": {**self.before, **{str(p): _digest(str(p)) for p in plan_paths},
                      **{s: _digest(s) for s in sources}},
        }

    def replay(self, stdout=None, stderr=None) -> int | None:
        """The recorded exit code after writing the recorded output, or None: run the check."""
        body = self.cache.get(self.key)
        if body is None:
            return None
        try:
            rec = orjson.loads(body)
            recorded, rc, out, err, set_key = rec["state"], rec["rc"], rec["stdout"], rec["stderr"], rec["set"]
        except (ValueError, KeyError, TypeError):
            return None
        if rc not in REPLAYABLE or not isinstance(recorded, dict):
            return None
        plan_paths = inputs.plan_files(self.inv.paths)
        if [str(p) for p in plan_paths] != recorded.get("plans"):
            return None
        sources = recorded.get("sources")
        if not isinstance(sources, list) or self._state(plan_paths, sources) != recorded or not reportset.in_place(self.inv.out_dir, set_key, self.cache):
            return None
        (stdout or sys.stdout).write(out)
        (stderr or sys.stderr).write(err)
        return rc

    def store(self, result, rc: int, out: Capture, err: Capture) -> None:
        """Record a completed run (`result`: its engine.Result) whose report set is in place."""
        set_key = reportset.inputs_of(self.inv.out_dir)
        if rc not in REPLAYABLE or set_key is None or result is None:
            return
        plan_paths = inputs.plan_files(self.inv.paths)
        sources = sorted({str(p) for p in result.corpus.sources_read})
        head = {"state": self._state(plan_paths, sources), "rc": rc, "set": set_key}
        # streamed: the captured finding lines are ~20 MB at 3,000 plans; text that is not
        # Unicode throughout (a lone surrogate) is not replayed (no entry)
        self.cache.put_chunks(self.key, record_chunks(head, out, err))


@contextlib.contextmanager
def capturing():
    """sys.stdout and sys.stderr written through and kept, for `Replay.store`."""
    out, err = Capture(sys.stdout), Capture(sys.stderr)
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = out, err
    try:
        yield out, err
    finally:
        sys.stdout, sys.stderr = saved
