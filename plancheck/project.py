"""Where the plan-data repository is: the root that waivers and SARIF locations hang off.

The root is the folder of the settings file (pyproject.toml with [tool.plancheck], or
plancheck.toml); without one, the git work tree around the working directory; else the working
directory. `waivers.yaml` in the root is read by default when it exists.
"""

from __future__ import annotations

from pathlib import Path

WAIVERS = "waivers.yaml"


def root(settings_source: str | None, start: Path | None = None) -> Path:
    if settings_source:
        return Path(settings_source).resolve().parent
    here = (start or Path.cwd()).resolve()
    for d in [here, *here.parents]:
        if (d / ".git").exists():
            return d
    return here


def default_waivers(root_dir: Path) -> Path | None:
    cand = root_dir / WAIVERS
    return cand if cand.is_file() else None


def relative(path: Path | str, root_dir: Path) -> str:
    """A path as a POSIX string relative to the root when it lies inside, else as given."""
    p = Path(path)
    try:
        return (p if p.is_absolute() else Path.cwd() / p).resolve().relative_to(root_dir).as_posix()
    except ValueError:
        return str(path)
