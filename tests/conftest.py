import os
import shutil
import tempfile
from pathlib import Path

import pytest

from tests.planfactory import real_corpus  # noqa: F401  (fixture)

# Tests never use the user's cache directory (nor the repository's): the cache and its HMAC key
# live in a temporary folder for the session, inherited by subprocesses.
_CACHE = tempfile.mkdtemp(prefix="plancheck-test-cache-")
os.environ["PLANCHECK_CACHE_DIR"] = _CACHE


def pytest_unconfigure(config):
    shutil.rmtree(_CACHE, ignore_errors=True)


_ROOT = Path(__file__).resolve().parent.parent
_REPORT_FILES = ("report.json", "report.md", "report.html", "report.sarif", "junit.xml", ".plancheck-set.json")


def _repo_state() -> dict[str, int]:
    """What the repository's own cache and report set hold (tests must leave both alone)."""
    paths = [p for p in (_ROOT / ".plancheck_cache").rglob("*") if p.is_file()]
    paths += [_ROOT / "reports" / n for n in _REPORT_FILES if (_ROOT / "reports" / n).is_file()]
    return {str(p): p.stat().st_mtime_ns for p in paths}


@pytest.fixture(scope="session", autouse=True)
def _repository_cache_and_reports_untouched():
    before = _repo_state()
    yield
    changed = sorted(set(_repo_state().items()) ^ set(before.items()))
    assert not changed, f"tests wrote into the repository's own cache or reports: {changed[:5]}"
