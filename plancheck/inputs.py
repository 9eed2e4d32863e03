"""Which files a check reads besides its settings: the plan files under the given paths and the
repository's own reference files. Light on purpose (no models): `plancheck.replay` finds the
same files before it decides whether anything has to be loaded at all."""

from __future__ import annotations

import glob
from collections.abc import Iterable
from pathlib import Path

KINDS = ("catalog", "regions", "floors", "reference")
# file-name patterns of the conventional folder `reference/` next to the plans, per kind
CONVENTIONAL = {"catalog": "indicators*.yaml", "regions": "regions*.yaml", "floors": "floors*.yaml",
                "reference": "regional-totals*.yaml"}


def plan_files(paths: list[Path]) -> list[Path]:
    """The plan files of a check: each folder's `*.yaml` (sorted), each file as given."""
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            out.extend(sorted(q for q in p.glob("*.yaml") if q.is_file()))
        else:
            out.append(p)
    return out


def user_files(configured: dict[str, list[str]] | None, plan_paths: Iterable[Path]) -> dict[str, list[Path]]:
    """kind -> the repository's own files: configured ones (globs expanded), then the conventional
    folder `reference/` beside each plan folder. A configured name matching no file is kept, so
    the loader reports it."""
    found: dict[str, list[Path]] = {k: [] for k in KINDS}
    for kind, names in (configured or {}).items():
        for name in names:
            hits = sorted(glob.glob(name)) if glob.has_magic(name) else []
            found[kind].extend(Path(h) for h in hits) if hits else found[kind].append(Path(name))
    for folder in sorted({(p if p.is_dir() else p.parent).resolve() for p in plan_paths}):
        ref = folder / "reference"
        if ref.is_dir():
            for kind, pattern in CONVENTIONAL.items():
                found[kind].extend(sorted(ref.glob(pattern)))
    out: dict[str, list[Path]] = {}
    for kind in KINDS:  # a file both configured and in the folder is read once
        unique: dict[Path, Path] = {}
        for p in found[kind]:
            unique.setdefault(p.resolve(), p)
        out[kind] = list(unique.values())
    return out
