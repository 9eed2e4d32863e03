"""Stand-ins for modules the data-quality suite's helper never uses (`plancheck.checks.deferred`).

A stand-in must not load its module at the import statement (what LazyLoader does on 3.11), must
load it on first use and then behave as the module, and must not hide a module that is missing.
Each case runs in a fresh interpreter, so that the module under test is not already imported.
That the helper, which uses the stand-ins, finds exactly what the suite finds in this process
(which does not) is `test_quality_passes.test_the_helper_process_returns_what_the_suite_finds`.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap


def _run(code: str) -> dict:
    env = {**os.environ, "GX_ANALYTICS_ENABLED": "false",
           "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
    out = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True,
                         env=env, timeout=300)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_import_statements_do_not_load_and_first_use_does():
    seen = _run("""
        import json, sys
        from plancheck.checks import deferred
        assert "colorsys" not in sys.modules and "xml.dom.minidom" not in sys.modules
        got = deferred.defer(("colorsys", "xml.dom.minidom"))
        import colorsys                      # reads __spec__: must not load
        import xml.dom.minidom as minidom
        from xml.dom import minidom as again  # through the parent package
        after_import = [deferred.loaded("colorsys"), deferred.loaded("xml.dom.minidom")]
        stand_in = type(sys.modules["colorsys"]).__name__
        h = colorsys.rgb_to_hsv(1.0, 0.0, 0.0)   # first use: the real module
        doc = minidom.parseString("<a><b/></a>").documentElement.tagName
        print(json.dumps({
            "got": got, "after_import": after_import, "stand_in": stand_in, "hsv": list(h), "doc": doc,
            "same": again is minidom,
            "now": [deferred.loaded("colorsys"), deferred.loaded("xml.dom.minidom")],
            "real_in_sys_modules": type(sys.modules["colorsys"]).__name__,
            "dir": "rgb_to_hls" in dir(colorsys),
        }))
    """)
    assert seen["got"] == ["colorsys", "xml.dom.minidom"]
    assert seen["after_import"] == [False, False] and seen["stand_in"] == "Deferred"
    assert seen["hsv"] == [0.0, 1.0, 1.0] and seen["doc"] == "a" and seen["same"]
    assert seen["now"] == [True, True] and seen["real_in_sys_modules"] == "module" and seen["dir"]


def test_from_import_of_a_name_loads_and_setattr_reaches_the_real_module():
    seen = _run("""
        import json, sys
        from plancheck.checks import deferred
        deferred.defer(("colorsys",))
        import colorsys
        before = deferred.loaded("colorsys")
        from colorsys import hls_to_rgb          # a name: the module is needed, so it is loaded
        by_from = deferred.loaded("colorsys")
        colorsys.ONE_THIRD = 0.5                 # through the stand-in: set on the real module
        real = sys.modules["colorsys"]
        print(json.dumps({"before": before, "by_from": by_from, "real_value": real.ONE_THIRD,
                          "via_stand_in": colorsys.ONE_THIRD, "stand_in_dict": "ONE_THIRD" in vars(colorsys),
                          "stand_in_is_not_real": colorsys is not real, "callable": callable(hls_to_rgb)}))
    """)
    assert seen == {"before": False, "by_from": True, "real_value": 0.5, "via_stand_in": 0.5,
                    "stand_in_dict": False, "stand_in_is_not_real": True, "callable": True}


def test_missing_and_already_imported_modules_get_no_stand_in():
    seen = _run("""
        import json, sys, colorsys
        from plancheck.checks import deferred
        got = deferred.defer(("colorsys", "no_such_module_plancheck", "no_such_pkg_plancheck.sub"))
        try:
            import no_such_module_plancheck
            missing = "imported"
        except ModuleNotFoundError:
            missing = "ModuleNotFoundError"
        print(json.dumps({"got": got, "missing": missing, "kept": type(sys.modules["colorsys"]).__name__}))
    """)
    assert seen == {"got": [], "missing": "ModuleNotFoundError", "kept": "module"}


def test_the_suite_runs_without_scipy_stats_or_altair(tmp_path):
    """What the helper does: the stand-ins, then the suite over a table with failures. Neither
    module is imported for real, and the suite still finds its failures."""
    seen = _run("""
        import json, sys, pathlib
        from plancheck.checks import deferred
        deferred.defer()
        from bench.corpus import build
        from plancheck.checks import facts, suite
        from plancheck.engine import load_corpus
        folder = pathlib.Path(TMP) / "plans"
        build(folder, 23, counties=1)
        corpus, errors = load_corpus([folder], folder.parent)
        assert not errors, errors
        outcome = suite.run(facts.rows(corpus))
        print(json.dumps({"failures": len(outcome.failures),
                          "loaded": [deferred.loaded(m) for m in deferred.MODULES],
                          "gx": "great_expectations" in sys.modules}))
    """.replace("TMP", repr(str(tmp_path))))
    assert seen["gx"] and seen["failures"] > 0
    assert seen["loaded"] == [False, False]
