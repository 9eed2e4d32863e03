"""Data quality of the encoded corpus: the fact table and a Great Expectations suite over it.

- `plancheck.checks.facts`: the corpus flattened into one row per fact (no pandas, no Great
  Expectations at import time; a CSV export needs neither).
- `plancheck.checks.suite`: the Great Expectations 1.x suite over that table, run by rule PC501
  (`plancheck check --no-quality` skips it). Importing it costs ~2.4 s and ~200 MiB (Great
  Expectations), so nothing on the path of `--help` or of the other rules imports it. Its checks
  run one pass per row condition (`prepare`/`validate`); `run_conditioned` is the same suite as
  row-conditioned expectations over the whole table (Data Docs, and the tests' reference).
- `plancheck.checks.helper` / `plancheck.checks.worker`: PC501 runs the suite in a helper process
  started when the run begins, so Great Expectations' import overlaps with the load; it is sent
  the fact table once the other rules' workers have begun and validates while they run, and the
  main process never holds Great Expectations or pandas.
- `plancheck.checks.deferred`: stand-ins in the helper for `scipy.stats` and `altair`, which Great
  Expectations imports for expectations the suite never runs; each is imported on first use.
- `plancheck.checks.docs`: Great Expectations' Data Docs of a run (`make docs`). The pages load
  Bootstrap, jQuery and Vega from CDNs: they are not readable offline.
"""
