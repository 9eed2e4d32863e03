"""A cache of validated plan files and per-plan findings that cannot run code and cannot be forged.

Parsing YAML and validating it is most of a check's time on a large corpus; an unchanged file
need not be validated again, and a per-plan rule need not run again on an unchanged plan.

Trust model (see README "Security"): a plan-data repository is untrusted input, so nothing in
the cache may come from it.

- **Plain data.** An entry is JSON (never a pickle): the caller rebuilds its objects from it
  with pydantic, so a crafted entry can at most be *wrong data*, never code.
- **Bound to this machine.** Every entry carries an HMAC-SHA256 of its key and bytes under a
  32-byte key kept in the user's cache directory (`$PLANCHECK_CACHE_DIR`, else
  `$XDG_CACHE_HOME/plancheck`, else `~/.cache/plancheck`), created with mode 0600. An entry
  committed to a repository, copied from another machine or edited fails the HMAC and is ignored
  (then rebuilt). A key file that others can read or write (e.g. one checked out by git, 0644) is
  not trusted and is replaced.
- **Outside the working tree** by default (the user cache directory); `cache-dir` may move the
  entries, never the key.
- **Keyed by the implementation.** Keys include a digest of plancheck's own sources and data
  files (`code_digest`): a changed rule or loader never serves an old answer.
- **Bounded.** `prune` evicts the least recently used entries beyond a size limit and removes
  stale temporaries.

The cache never touches plan files; delete the folder at any time.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import tempfile
import time
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from plancheck import __version__
from plancheck.safeio import open_regular

CACHE_FORMAT = 3  # 3: JSON + HMAC entries (2 was pickles)
ENV_DIR = "PLANCHECK_CACHE_DIR"
DEFAULT_MAX_MB = 512
_MAGIC = f"plancheck-cache/{CACHE_FORMAT} ".encode()
_KEY_NAME = "hmac.key"
TOUCH_AFTER_S = 3600  # refresh an entry's mtime (its LRU age) at most once an hour
_TMP_MAX_AGE_S = 3600  # temporaries older than this are a crashed writer's
_SOURCE_SUFFIXES = {".py", ".yaml", ".json", ".txt", ".toml", ".j2", ".html", ".css", ".js"}


def user_cache_dir() -> Path:
    """The user's plancheck cache directory: never inside a checked-out repository by default."""
    env = os.environ.get(ENV_DIR)
    if env:
        return Path(env).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg).expanduser() if xdg and Path(xdg).is_absolute() else Path.home() / ".cache"
    return base / "plancheck"


@cache
def code_digest() -> str:
    """sha256 of plancheck's version, cache format, and every source and data file it ships
    (loader, models, rules, arithmetic, checks): any change to the code changes every key."""
    import importlib.util

    h = hashlib.sha256(f"{__version__}:{CACHE_FORMAT}".encode())
    for pkg in ("plancheck", "plancheck.models", "plancheck.rules", "plancheck.checks"):
        spec = importlib.util.find_spec(pkg)
        for folder in (spec.submodule_search_locations or []) if spec else []:
            root = Path(folder)
            for p in sorted(root.rglob("*")):
                if p.suffix in _SOURCE_SUFFIXES and "__pycache__" not in p.parts and p.is_file():
                    h.update(f"\0{pkg}/{p.relative_to(root).as_posix()}\0".encode())
                    h.update(p.read_bytes())
    return h.hexdigest()


def _trusted(fd: int) -> bool:
    st = os.fstat(fd)
    if hasattr(os, "getuid") and st.st_uid != os.getuid():
        return False
    return st.st_size == 32 and (os.name == "nt" or st.st_mode & 0o077 == 0)


@cache
def machine_key(folder: Path) -> bytes | None:
    """The HMAC key in `folder` (created 0600 if absent or untrusted); None when it cannot be
    kept (read-only home): the cache is then off rather than unauthenticated."""
    path = folder / _KEY_NAME
    for _ in range(3):
        try:
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
            try:
                if _trusted(fd):
                    return os.read(fd, 32)
            finally:
                os.close(fd)
            os.unlink(path)  # readable by others, foreign or truncated: not a secret
        except FileNotFoundError:
            pass
        except OSError:
            try:
                os.unlink(path)  # e.g. a symlink (O_NOFOLLOW)
            except OSError:
                return None
        try:
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            fd, tmp = tempfile.mkstemp(dir=folder, prefix=".key-", suffix=".tmp")  # mode 0600
            with os.fdopen(fd, "wb") as fh:
                fh.write(os.urandom(32))
            try:
                os.link(tmp, path)  # fails if another process made one first: then read that one
            except FileExistsError:
                pass
            finally:
                os.unlink(tmp)
        except OSError:
            return None
    return None


def has_entries(folder: Path) -> bool:
    """Whether `folder` holds any cache entry (a `.json` file): a cold cache has nothing to find,
    so a run need not look entry by entry."""
    try:
        with os.scandir(folder) as it:
            return any(e.name.endswith(".json") for e in it)
    except OSError:
        return False


class NotCached(Exception):
    """Raised by the chunks given to `PlanCache.put_chunks` when what they encode cannot be
    cached (a value JSON cannot hold exactly): no entry is written."""


class PlanCache:
    """Authenticated entries under `folder`, one file `<key>.json` each. `get` returns the bytes
    an earlier `put` stored under the same key on this machine, or None."""

    def __init__(self, folder: Path | None, key_dir: Path | None = None):
        self.folder = folder
        self.key_dir = key_dir or user_cache_dir()
        self.written = 0

    def key(self, data: bytes) -> str:
        return hashlib.sha256(code_digest().encode() + b"\0" + data).hexdigest()

    def tag(self, key: str) -> str | None:
        """`key` bound to this machine's secret, or None without one: a digest that a stranger
        who knows every input (they are public: plans, sources, the tool's code) cannot compute,
        so a report set committed to a repository is never taken for one written here."""
        secret = self._secret()
        return hmac.new(secret, b"report-set\0" + key.encode(), hashlib.sha256).hexdigest() if secret else None

    def _mac(self, secret: bytes, key: str, body: bytes) -> bytes:
        h = self._hasher(secret, key)
        h.update(body)  # never `key + body`: a whole-run entry is hundreds of MB at 3,000 plans
        return h.hexdigest().encode()

    @staticmethod
    def _hasher(secret: bytes, key: str):
        return hmac.new(secret, key.encode() + b"\0", hashlib.sha256)

    def _secret(self) -> bytes | None:
        return machine_key(self.key_dir.resolve()) if self.folder is not None else None

    def get(self, key: str) -> bytes | None:
        secret = self._secret()
        if secret is None:
            return None
        path = self.folder / f"{key}.json"
        try:
            # a regular file only, opened without blocking: a cache folder in a checkout is the
            # pull request's, and a named pipe under an entry's (public) name would hang the run
            with open_regular(path) as fh:
                st = os.fstat(fh.fileno())
                head = fh.readline(len(_MAGIC) + 65)
                if not head.startswith(_MAGIC) or not head.endswith(b"\n"):
                    return None
                body = fh.read()
        except OSError:
            return None
        if not hmac.compare_digest(head[len(_MAGIC):-1], self._mac(secret, key, body)):
            return None  # forged, copied from elsewhere or edited: ignored, rebuilt by the caller
        if time.time() - st.st_mtime > TOUCH_AFTER_S:
            try:
                os.utime(path)  # recently used: evicted last
            except OSError:
                pass
        return body

    def put(self, key: str, body: bytes) -> None:
        self.put_chunks(key, (body,))

    def put_chunks(self, key: str, chunks: Iterable[bytes]) -> bool:
        """Store the concatenation of `chunks` under `key`, written and authenticated piece by
        piece (the entry is never one bytes object here). An iterator that raises `NotCached`
        leaves no entry (nor a temporary); returns whether the entry was stored."""
        secret = self._secret()
        if secret is None:
            return False
        tmp = None
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.folder, prefix=".entry-", suffix=".tmp")
            h = self._hasher(secret, key)
            with os.fdopen(fd, "wb") as fh:
                fh.write(_MAGIC + b"0" * 64 + b"\n")  # the MAC's place: known once the body is written
                for chunk in chunks:
                    h.update(chunk)
                    fh.write(chunk)
                fh.seek(len(_MAGIC))
                fh.write(h.hexdigest().encode())
            os.replace(tmp, self.folder / f"{key}.json")
            tmp = None
            self.written += 1
            return True
        except NotCached:
            return False
        except OSError:
            return False  # a read-only or full disk only costs speed
        finally:
            if tmp is not None:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)


def _is_entry(name: str) -> bool:
    stem, dot, ext = name.partition(".")
    return dot == "." and ext == "json" and len(stem) == 64 and all(c in "0123456789abcdef" for c in stem)


def prune(root: Path, max_bytes: int, now: float | None = None, keep_since: float | None = None) -> int:
    """Delete the least recently used entries under `root` (its `plans/` and `findings/`
    folders) until they fit in `max_bytes`, and crashed writers' temporaries; returns the bytes
    freed. Only files named like entries are touched, whatever folder `cache-dir` names.
    `keep_since`: entries used at or after this time are never deleted (the run's own: a run
    whose entries alone exceed the cap would otherwise evict what its next run needs)."""
    now = time.time() if now is None else now
    entries: list[tuple[float, int, str]] = []
    freed = 0
    for sub in ("plans", "findings"):
        try:
            it = list(os.scandir(root / sub))
        except OSError:
            continue
        for de in it:
            try:
                if not de.is_file(follow_symlinks=False):
                    continue
                st = de.stat(follow_symlinks=False)
                if de.name.startswith(".entry-") and de.name.endswith(".tmp"):
                    if now - st.st_mtime > _TMP_MAX_AGE_S:
                        os.unlink(de.path)
                        freed += st.st_size
                elif _is_entry(de.name):
                    entries.append((st.st_mtime, st.st_size, de.path))
            except OSError:
                continue
    total = sum(size for _, size, _ in entries)
    if total <= max_bytes:
        return freed
    target = int(max_bytes * 0.8)  # some headroom, so that the next run does not prune again
    for mtime, size, path in sorted(entries):
        if total <= target or (keep_since is not None and mtime >= keep_since):
            break  # sorted by age: every later entry is newer still
        try:
            os.unlink(path)
        except OSError:
            continue
        total -= size
        freed += size
    return freed
