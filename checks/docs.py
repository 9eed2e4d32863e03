"""Great Expectations Data Docs of a data-quality run: `python -m plancheck.checks.docs OUT_DIR`.

`make docs` writes them to `reports/data-docs/` (open `index.html`). The suite, the fact table
and the run are those of rule PC501 (`plancheck.checks.suite`); the site is a filesystem
SiteBuilder site in an ephemeral context, so nothing else (no `gx/` folder) is written.

Not offline: Great Expectations' pages load Bootstrap, jQuery, Font Awesome and Vega from CDNs;
without a network they render unstyled and without charts. The same run is also written as plain
files next to the site: `validation.json` (the validation result) and `facts.csv` (the table).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

OFFLINE_NOTE = "note: the Data Docs pages load Bootstrap, jQuery and Vega from CDNs; they are not readable offline"


def build(paths: list[Path], out_dir: Path) -> tuple[Path, bool, int]:
    """Load the corpus, run the suite through a Checkpoint that updates the site; return
    (index.html, suite passed, number of input errors)."""
    from plancheck.checks import facts, suite  # imports Great Expectations
    from plancheck.engine import load_corpus

    corpus, errors = load_corpus(paths)
    df = facts.frame(facts.rows(corpus))
    out_dir = out_dir.resolve()
    ctx = suite.context(data_docs_dir=out_dir)
    vd = suite.validation_definition(ctx)
    checkpoint = ctx.checkpoints.add(
        suite.gx.Checkpoint(
            name="plancheck-facts",
            validation_definitions=[vd],
            actions=[suite.gx.checkpoint.UpdateDataDocsAction(name="data-docs", site_names=["plancheck"])],
            result_format=suite.RESULT_FORMAT,
        )
    )
    result = checkpoint.run(batch_parameters={"dataframe": df})
    ctx.build_data_docs(site_names=["plancheck"])  # the index page, with the suite's own page
    validations = [r.to_json_dict() for r in result.run_results.values()]
    (out_dir / "validation.json").write_text(json.dumps(validations, ensure_ascii=False, indent=1, default=str), "utf-8")
    facts.write_csv(facts.rows(corpus), out_dir / "facts.csv")
    return out_dir / "index.html", bool(result.success), len(errors)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m plancheck.checks.docs", description=__doc__.splitlines()[0])
    ap.add_argument("out_dir", type=Path, help="folder for the site (e.g. reports/data-docs)")
    ap.add_argument("paths", nargs="*", type=Path, help="plan files or folders (default: plans/)")
    args = ap.parse_args(argv)
    index, ok, n_errors = build(args.paths or [Path("plans")], args.out_dir)
    print(f"Data Docs: {index} (suite {'passed' if ok else 'has failures: see PC501 in plancheck check'})")
    print(OFFLINE_NOTE, file=sys.stderr)
    if n_errors:
        print(f"{n_errors} plan file(s) did not load; run `plancheck check` for the input errors", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
