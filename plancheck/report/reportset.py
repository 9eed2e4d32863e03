"""The report set is one unit: written into a fresh folder, then switched into place.

A run writes every report file into a staging folder beside the output folder
(`<parent>/.<name>.plancheck-<token>.tmp/`), adds a manifest (`.plancheck-set.json`: every file
of the set with its sha256), and then exchanges the staging folder with the output folder in one
`renameat2(RENAME_EXCHANGE)` (Linux >= 3.15). A reader that opens the folder once and reads the
files relative to it sees one complete set, never a mix of two runs; a reader that opens files
by path can check them against the manifest. Where the exchange is not available (another OS, a
file system without it) the old folder is renamed away and the new one renamed into place: for
that moment the folder is missing, but it is never mixed.

- Concurrent runs on one output folder are serialised by an exclusive `flock` on the parent
  folder (or, where a folder cannot be locked, on `<parent>/.<name>.lock`).
- Staging and old folders are only ever created while the lock is held, so any found by a run
  holding the lock were left by a killed run: they are removed.
- A writer that fails (an exception, a full disk) leaves the previous complete set untouched:
  the staging folder is removed and the error propagates.
- Entries in the output folder that are not part of a report set (e.g. `make docs`' data-docs)
  are carried over into the new folder by hard links (copies where links are refused). Report
  files of formats this run did not write are not carried over: they belong to another run.
- A set is kept, not rewritten, when the run that would write it has the same inputs (the
  manifest's `inputs`: the engine's digest of plans, sources, reference data and rules, the
  report document, the tables and the formats) and every file of it is in place at the size
  written: equal inputs render equal bytes, so a warm run of an unchanged corpus writes nothing.
- The whole folder is replaced, so plancheck refuses a folder that does not look like a report
  folder (files at its top that are not reports, and no manifest nor report file) or that holds
  the working directory or the plans.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import hashlib
import json
import os
import secrets
import shutil
import stat
import sys
from collections.abc import Iterator
from pathlib import Path

from plancheck.safeio import read_regular
from plancheck.terminal import notice

MANIFEST = ".plancheck-set.json"
WRITE_PIECE = 1 << 20  # a streamed report is written to its file 1 MiB at a time
_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


class OutputError(Exception):
    """The output folder cannot take the report set (exit 2): the message says why."""


# what plancheck itself writes into an output folder besides a report set: `make docs`' site
# (`python -m plancheck.checks.docs reports/data-docs`), which may come before the first check
OWN_ENTRIES = frozenset({"data-docs"})


def _prefix(out: Path) -> str:
    return f".{out.name}.plancheck-"


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (Linux renameat2); False where the system cannot."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        fn = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):  # a libc without renameat2 (glibc < 2.28, musl < 1.2.3)
        return False
    fn.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if fn(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):  # the kernel or file system cannot
        return False
    raise OSError(err, os.strerror(err), str(b))


def _start_writeback(fd: int) -> None:
    """Have the kernel start writing a finished file to disk now, without waiting (Linux:
    POSIX_FADV_DONTNEED starts the writeback of its dirty pages and drops those already clean):
    the set's files go out while the next ones are rendered, and the fsyncs at commit find
    little left to wait for. A hint: where it is not available nothing changes but the timing."""
    advise = getattr(os, "posix_fadvise", None)
    if advise is not None:
        with contextlib.suppress(OSError):
            advise(fd, 0, 0, os.POSIX_FADV_DONTNEED)


def _fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


@contextlib.contextmanager
def _locked(out: Path, wait_message: str) -> Iterator[None]:
    """An exclusive lock for writing `out`: on its parent folder, else on a lock file beside it."""
    parent = out.parent
    try:
        fd = os.open(parent, os.O_RDONLY)
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        notice(wait_message)
        fcntl.flock(fd, fcntl.LOCK_EX)
    except OSError:  # a folder that cannot be locked (some network file systems): a lock file
        with contextlib.suppress(NameError, OSError):
            os.close(fd)
        fd = os.open(parent / f".{out.name}.lock", os.O_RDWR | os.O_CREAT, 0o666)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            notice(wait_message)
            fcntl.flock(fd, fcntl.LOCK_EX)
    try:
        yield
    finally:
        os.close(fd)  # closing releases the lock


def _remove(path: Path) -> None:
    if path.is_symlink() or path.is_file():
        path.unlink(missing_ok=True)
    else:
        shutil.rmtree(path, ignore_errors=True)


def clean_stale(out: Path) -> list[Path]:
    """Remove staging and old folders of killed runs (call with the lock held)."""
    stale = sorted(p for p in out.parent.glob(_prefix(out) + "*") if p.name.endswith((".tmp", ".old")))
    for p in stale:
        _remove(p)
    return stale


def _carry_over(src: Path, dest: Path) -> None:
    """Hard-link (else copy) a tree that is not ours into the new folder: folders with their
    modes, links as links; a special file (a named pipe, a device) that cannot be linked is left
    out, never opened (a pipe would be waited on)."""
    if src.is_symlink():
        os.symlink(os.readlink(src), dest)
    elif src.is_dir():
        dest.mkdir()
        for child in sorted(src.iterdir()):
            _carry_over(child, dest / child.name)
        shutil.copymode(src, dest)
    else:
        try:
            os.link(src, dest)
        except OSError:
            if src.is_file():
                shutil.copy2(src, dest)


def target(out_dir: Path, report_names: set[str], protected: list[Path] = ()) -> Path:
    """The real output folder, checked: OutputError if it cannot or must not be replaced."""
    out = Path(os.path.abspath(out_dir))
    if out.is_symlink():
        out = Path(os.path.realpath(out))
    if out.exists() and not out.is_dir():
        raise OutputError(f"output folder {out_dir} is a file, not a folder")
    if out.parent == out:
        raise OutputError(f"output folder {out_dir} is a file system root")
    cwd = Path.cwd().resolve()
    for p in [cwd, *protected]:
        p = Path(os.path.realpath(p))
        if p == out or out in p.parents:
            raise OutputError(f"output folder {out_dir} holds {p}: plancheck replaces the whole output folder; "
                              "choose a folder of its own (e.g. reports/)")
    if out.is_dir() and not os.access(out, os.W_OK | os.X_OK):
        raise OutputError(f"output folder {out_dir} is not writable")
    parent = next((p for p in out.parents if p.exists()), None)
    if parent is not None and not (parent.is_dir() and os.access(parent, os.W_OK | os.X_OK)):
        raise OutputError(f"cannot write reports to {out_dir}: {parent} is not a writable folder "
                          "(the set is written beside the output folder and switched into place)")
    if out.is_dir():
        # a folder is taken over only when it is empty or a report set (its manifest, or a report
        # of before manifests): a pull request's settings or a committed link can name any folder,
        # and a user's folder of folders (a home, a project) is not plancheck's to rebuild
        names = {p.name for p in out.iterdir()}
        if names and MANIFEST not in names and not names & (report_names | OWN_ENTRIES):
            shown = ", ".join(sorted(names)[:5])
            raise OutputError(f"output folder {out_dir} holds files that are not reports ({shown}): plancheck "
                              "replaces the whole output folder; choose an empty or new folder")
    return out


def in_place(out: Path, inputs: str, seals=None) -> bool:
    """The set in `out` was written here from `inputs` (its manifest says so) and every file of
    it is still the file written, at the size written: then rewriting it would give the same bytes.

    "The file written" is its identity, recorded by `seals` (a `plancheck.cache.PlanCache`: an
    entry authenticated with this machine's secret) when the set was committed: device, inode,
    size and modification time in nanoseconds, which a rename keeps and nothing else reproduces
    (`seal`). The manifest's `inputs` is published with every set (a CI artifact), so a pull
    request can commit a copy of a real set with one report changed at the same size; its files
    are new files of the checkout, whose identity is not the one recorded. Without `seals`
    (no cache) nothing is in place. The seal is not in the manifest: the set's bytes stay a
    function of its inputs."""
    if seals is None:
        return False
    try:
        manifest = json.loads(read_regular(out / MANIFEST))  # a named pipe in a committed folder: no hang
        if manifest.get("inputs") != inputs:
            return False
        sizes = manifest["sizes"]
        if set(sizes) != set(manifest["files"]):
            return False
        if not all((out / name).stat().st_size == size for name, size in sizes.items()):
            return False
        recorded = seals.get(_seal_key(seals, out, inputs))
        return recorded is not None and recorded.decode() == seal(out, inputs, sorted(sizes))
    except (OSError, ValueError, KeyError, TypeError, AttributeError, UnicodeDecodeError):
        return False


def seal(folder: Path, inputs: str, names: list[str]) -> str:
    """The identity of the files `names` in `folder` (see `in_place`), bound to `inputs`."""
    h = hashlib.sha256(f"plancheck-set-seal\0{inputs}\0".encode())
    for name in names:
        st = os.stat(folder / name, follow_symlinks=False)
        h.update(f"{name}\0{st.st_dev}\0{st.st_ino}\0{st.st_size}\0{st.st_mtime_ns}\0".encode())
    return h.hexdigest()


def _seal_key(seals, out: Path, inputs: str) -> str:
    return seals.key(b"report-set-seal\0" + os.path.realpath(out).encode() + b"\0" + inputs.encode())


def record_seal(seals, out: Path, inputs: str) -> None:
    """Record the identity of the set now in `out` (after `SetWriter.commit`), for `in_place`."""
    try:
        names = sorted(json.loads(read_regular(out / MANIFEST))["sizes"])
        seals.put(_seal_key(seals, out, inputs), seal(out, inputs, names).encode())
    except (OSError, ValueError, KeyError, TypeError):
        return  # not recorded: the next run rewrites the set


def inputs_of(out: Path) -> str | None:
    """The `inputs` digest the manifest of the set in `out` records, or None."""
    try:
        value = json.loads(read_regular(out / MANIFEST)).get("inputs")
    except (OSError, ValueError, AttributeError):
        return None
    return value if isinstance(value, str) else None


class SetWriter:
    """Write a report set: `with SetWriter(out, names) as w: w.write(name, text)...; w.commit()`."""

    def __init__(self, out_dir: Path, report_names: set[str], protected: list[Path] = ()):
        self.display = str(out_dir)
        self.names = set(report_names)
        self.out = target(out_dir, self.names, protected)
        self.files: dict[str, str] = {}
        self.sizes: dict[str, int] = {}
        self.staging: Path | None = None
        self._lock = None

    def __enter__(self) -> SetWriter:
        try:
            self.out.parent.mkdir(parents=True, exist_ok=True)
            self._lock = _locked(self.out, f"plancheck: waiting for another run writing {self.display} ...")
            self._lock.__enter__()
        except OSError as e:
            raise OutputError(f"cannot write reports to {self.display}: {e.strerror or e} ({e.filename or self.out.parent})") from None
        try:
            clean_stale(self.out)
            self.staging = self.out.parent / f"{_prefix(self.out)}{os.getpid()}-{secrets.token_hex(4)}.tmp"
            self.staging.mkdir(mode=0o777)  # the umask applies, as for any folder the user makes
        except OSError as e:
            self._lock.__exit__(None, None, None)
            raise OutputError(f"cannot write reports to {self.display}: {e.strerror or e} ({e.filename or self.out.parent})") from None
        return self

    def write(self, name: str, text: str) -> None:
        data = text.encode("utf-8")
        self._write_file(name, data)
        self.files[name] = hashlib.sha256(data).hexdigest()
        self.sizes[name] = len(data)

    def record(self, name: str, digest: str, size: int) -> None:
        """A file another process wrote into the staging folder (a forked worker's page): its
        sha256 and size, for the manifest, as `write` records them."""
        self.files[name] = digest
        self.sizes[name] = size

    def write_chunks(self, name: str, chunks) -> None:
        """Write a text given in pieces (a streamed report.json), hashing as it goes; a piece is
        text, or its UTF-8 bytes."""
        h = hashlib.sha256()
        buf: list[bytes] = []
        size = total = 0
        try:
            with open(self.staging / name, "xb") as fh:
                for chunk in chunks:
                    data = chunk if isinstance(chunk, bytes) else chunk.encode("utf-8")
                    h.update(data)
                    buf.append(data)
                    size += len(data)
                    if size >= WRITE_PIECE:
                        fh.write(b"".join(buf))
                        total += size
                        buf, size = [], 0
                fh.write(b"".join(buf))
                fh.flush()
                _start_writeback(fh.fileno())
        except OSError as e:
            raise OutputError(f"cannot write reports to {self.display}: {e.strerror or e} (writing {name}); "
                              "the previous reports are unchanged") from None
        self.files[name] = h.hexdigest()
        self.sizes[name] = total + size

    def _write_file(self, name: str, data: bytes) -> None:
        try:
            if "/" in name:  # a report of several files (report-plans/<plan>.html): its folder
                (self.staging / name).parent.mkdir(parents=True, exist_ok=True)
            with open(self.staging / name, "xb") as fh:  # mode 0666 minus the umask
                fh.write(data)
                fh.flush()
                _start_writeback(fh.fileno())
        except OSError as e:
            raise OutputError(f"cannot write reports to {self.display}: {e.strerror or e} (writing {name}); "
                              "the previous reports are unchanged") from None

    def _sync(self) -> None:
        """Every file of the set, and every folder of it, on disk before the set is switched in
        (a crash then leaves the old set or the whole new one). One fsync per file, all at the
        end: their writeback was started as each was written (`_start_writeback`)."""
        folders = {self.staging}
        for name in [*self.files, MANIFEST]:
            path = self.staging / name
            _fsync_file(path)
            folders.add(path.parent)
        for folder in sorted(folders, key=lambda p: len(p.parts), reverse=True):  # inner ones first
            _fsync_dir(folder)

    def unchanged(self, inputs: str, seals=None) -> bool:
        return in_place(self.out, inputs, seals)

    def commit(self, inputs: str | None = None) -> None:
        """Add the manifest and switch the staging folder into place. `inputs`: the digest of
        what the set was rendered from (`unchanged` compares it on the next run)."""
        manifest = {"tool": "plancheck", "files": dict(sorted(self.files.items()))}
        if inputs is not None:
            manifest["inputs"] = inputs
            manifest["sizes"] = {name: self.sizes[name] for name in sorted(self.files)}
        self._write_file(MANIFEST, (json.dumps(manifest, indent=2) + "\n").encode())
        try:
            self._sync()
            if self.out.is_dir():
                for child in sorted(self.out.iterdir()):
                    if child.name not in self.names and child.name != MANIFEST:
                        _carry_over(child, self.staging / child.name)
                _fsync_dir(self.staging)  # the carried-over entries
            if not self.out.exists():
                os.rename(self.staging, self.out)
            elif _exchange(self.staging, self.out):
                _remove(self.staging)  # the old set, now at the staging path
            else:  # no atomic exchange here: the folder is missing for a moment, never mixed
                old = self.staging.with_suffix(".old")
                os.rename(self.out, old)
                os.rename(self.staging, self.out)
                _remove(old)
        except OSError as e:
            raise OutputError(f"cannot write reports to {self.display}: {e.strerror or e}; "
                              "the previous reports are unchanged") from None
        self.staging = None
        _fsync_dir(self.out.parent)

    def __exit__(self, *exc) -> None:
        try:
            if self.staging is not None:
                _remove(self.staging)
        finally:
            self._lock.__exit__(None, None, None)


def read(out_dir: Path) -> dict[str, bytes]:
    """Read one complete set (for readers and tests): every file checked against the manifest.

    The folder is opened once and the files read relative to it, so a set switched in meanwhile
    cannot mix in; raises ValueError if the files do not match their manifest.
    """
    dfd = os.open(out_dir, os.O_RDONLY | os.O_DIRECTORY)
    try:
        def get(name: str) -> bytes:
            fd = os.open(name, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0), dir_fd=dfd)
            with os.fdopen(fd, "rb") as fh:
                if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
                    raise ValueError(f"{name} in {out_dir} is not a regular file")
                return fh.read()

        manifest = json.loads(get(MANIFEST))
        files = {name: get(name) for name in manifest["files"]}
    finally:
        os.close(dfd)
    for name, digest in manifest["files"].items():
        if hashlib.sha256(files[name]).hexdigest() != digest:
            raise ValueError(f"{out_dir}/{name} does not match the set's manifest")
    return files
