"""A cache of validated plan files, keyed by the file's bytes and the tool's version.

Parsing YAML and validating it with jsonschema and pydantic is most of a check's time on a
large corpus; an unchanged file need not be validated again. An entry is a pickle of the
validated plan and its YAML positions, stored under `<cache dir>/<sha256 of key>.pickle` and
written atomically. A corrupt or foreign entry is ignored and replaced. The cache never
touches plan files; delete the folder at any time.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from functools import cache
from pathlib import Path

from plancheck import __version__

CACHE_FORMAT = 2  # bump when what an entry holds changes (2: marks as plain tuples)


@cache
def _salt() -> str:
    """Changes whenever the tool or the plan schema changes."""
    import json

    from plancheck.loader import plan_schema

    schema = json.dumps(plan_schema(), sort_keys=True).encode()
    return f"{__version__}:{CACHE_FORMAT}:{hashlib.sha256(schema).hexdigest()}"


class PlanCache:
    def __init__(self, folder: Path | None):
        self.folder = folder

    def key(self, data: bytes) -> str:
        return hashlib.sha256(_salt().encode() + b"\0" + data).hexdigest()

    def get(self, key: str):
        if self.folder is None:
            return None
        path = self.folder / f"{key}.pickle"
        try:
            with open(path, "rb") as fh:
                return pickle.load(fh)
        except FileNotFoundError:
            return None
        except Exception:  # corrupt, truncated or from another version: recompute
            return None

    def put(self, key: str, value) -> None:
        if self.folder is None:
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.folder, suffix=".tmp")
            with os.fdopen(fd, "wb") as fh:
                pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, self.folder / f"{key}.pickle")
        except OSError:
            pass  # a read-only disk only costs speed
