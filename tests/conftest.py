import os
import shutil
import tempfile

from tests.planfactory import real_corpus  # noqa: F401  (fixture)

# Tests never use the user's cache directory (nor the repository's): the cache and its HMAC key
# live in a temporary folder for the session, inherited by subprocesses.
_CACHE = tempfile.mkdtemp(prefix="plancheck-test-cache-")
os.environ["PLANCHECK_CACHE_DIR"] = _CACHE


def pytest_unconfigure(config):
    shutil.rmtree(_CACHE, ignore_errors=True)
