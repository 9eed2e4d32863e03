"""Build the wheel and install it as a user would: shared by the packaging and pre-commit tests.

The wheel is built offline from a copy of the source tree (tracked and new, unignored files), so
nothing is written into the checkout; `pip wheel --no-build-isolation` uses the dev venv's
setuptools. The fresh virtualenv lives outside the checkout and gets its dependencies from the
package index, exactly as `pip install plancheck` on a user's machine would.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GIT_ENV = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.org", "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}


def source_files(root: Path = ROOT) -> list[str]:
    """Every file of the checkout that git tracks or would track (new files included)."""
    out = subprocess.run(["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=root, capture_output=True,
                         check=True).stdout.decode()
    return sorted(p for p in out.split("\0") if p and (root / p).is_file())


def copy_source(dest: Path) -> Path:
    for rel in source_files():
        (dest / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / rel, dest / rel)
    return dest


def package_dirs() -> dict[str, str]:
    """Import package -> its folder in the checkout, from pyproject.toml."""
    st = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["setuptools"]
    mapped = st.get("package-dir", {})
    out = {}
    for pkg in st["packages"]:
        base = next((k for k in sorted(mapped, key=len, reverse=True) if pkg == k or pkg.startswith(k + ".")), None)
        if base is None:
            out[pkg] = pkg.replace(".", "/")
        else:
            out[pkg] = "/".join([mapped[base], *pkg[len(base):].split(".")[1:]]).strip("/")
    return out


def build_wheel(work: Path) -> Path:
    src = copy_source(work / "src")
    out = work / "dist"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
                    "--wheel-dir", str(out), str(src)], check=True, capture_output=True, timeout=300)
    (wheel,) = out.glob("plancheck-*.whl")
    return wheel


def clean_env(**extra: str) -> dict:
    """The environment of a user's shell: no PYTHONPATH, no virtualenv of ours."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
    env["GX_ANALYTICS_ENABLED"] = "false"
    env.update(extra)
    return env


def fresh_venv(where: Path, requirement: str) -> Path:
    """A new virtualenv with `requirement` installed from the index; returns its bin folder.

    The venv is made without pip, and the dev venv's pip installs into it (`pip --python`): one
    pip, no ensurepip, and nothing of the dev venv is visible inside."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(where)], check=True, timeout=120)
    py = where / "bin" / "python"
    r = subprocess.run([sys.executable, "-m", "pip", "--python", str(py), "install", "--quiet", requirement],
                       capture_output=True, text=True, env=clean_env(), timeout=600)
    assert r.returncode == 0, r.stderr[-3000:]
    return where / "bin"
