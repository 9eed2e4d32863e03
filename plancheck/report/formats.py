"""The report formats: each one's file and the module that renders it. A table, light to import:
`plancheck check` validates `--format` with it before deciding whether anything must run."""

# format -> (file name, module with `render(doc, result) -> str`, or, for a format of several
# files, `render_files(doc, result)` yielding (name, text) and `write_files(out, doc, result)`)
WRITERS: dict[str, tuple[str, str]] = {
    "json": ("report.json", ""),
    "md": ("report.md", "plancheck.report.markdown"),
    "html": ("report.html", "plancheck.report.htmlsplit"),
    "sarif": ("report.sarif", "plancheck.report.sarif"),
    "junit": ("junit.xml", "plancheck.report.junit"),
    "summary": ("report-summary.md", "plancheck.report.summary"),
}
# the HTML report of a large corpus: one page per plan in this folder (plancheck.report.htmlsplit)
REPORT_NAMES = {name for name, _ in WRITERS.values()} | {"report-plans"}
