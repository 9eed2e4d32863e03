"""`plancheck draft SOURCE`: a plan file drafted from a document by the one claim extractor.

    plancheck draft plans/sources/x.txt -o plans/x.yaml [--id ID] [--region CODE]
    plancheck draft plans/sources/x.txt --update plans/x.yaml [-o plans/x.yaml]

Without `-o` the draft is printed; a file is written only where `-o` names it. A .docx, .pdf or
.html source is written as its text to `<plan folder>/sources/<id>.txt` (the plan quotes that
text); a .txt source outside the plan folder is copied there. Unsure fields carry `# REVIEW:`
comments; `indicator: TODO` marks an indicator still to be chosen.
"""

from __future__ import annotations

import sys
from pathlib import Path

EXIT_OK, EXIT_INPUT = 0, 2


def draft_text(text_path: Path, source_file: str, plan_id: str, region: str | None, reference=None):
    """Draft a plan for the UTF-8 text at `text_path` (quoted as `source_file`)."""
    from plancheck import engine
    from plancheck.draft.build import Builder
    from plancheck.extract import extract_text
    from plancheck.extract.meta import extract_meta
    from plancheck.sources import SourceText

    source = SourceText.read(text_path)
    meta = extract_meta(source.text)
    doc_year = int(meta.issued.value[:4]) if meta.issued else None
    claims = extract_text(source.text, doc_year)
    ref, _errors = engine.reference_data(reference, [text_path.parent])
    return Builder(claims, meta, source, source_file, plan_id, region, ref.catalog, ref.regions).build()


def _text_of(path: Path) -> tuple[str, bool]:
    """The document's text, and whether it is the file's own bytes (a .txt in UTF-8)."""
    from plancheck.readers import read

    if path.suffix.lower() == ".txt":
        raw = path.read_bytes()
        try:
            return raw.decode("utf-8"), True
        except UnicodeDecodeError:
            from plancheck.readers.text import decode  # the file's own lines (read() joins wrapped ones)

            return decode(raw)[0], False
    doc = read(path)
    return "\n".join(b.text for b in doc.blocks) + "\n", False


def run(args) -> int:
    from plancheck import config
    from plancheck.draft.emit import render
    from plancheck.draft.update import merge
    from plancheck.readers import ReadError

    src: Path = args.source
    if not src.is_file():
        print(f"plancheck draft: no such file: {src}", file=sys.stderr)
        return EXIT_INPUT
    out: Path | None = args.output
    plan_dir = (out or args.update or Path("plans") / "x.yaml").parent
    plan_id = args.id or (out.stem if out else args.update.stem if args.update else src.stem)
    try:
        text, own = _text_of(src)
        settings = config.load()
    except (ReadError, OSError, config.ConfigError) as e:
        print(f"plancheck draft: {src}: {e}", file=sys.stderr)
        return EXIT_INPUT
    text_path = src
    try:
        rel = src.resolve().relative_to(plan_dir.resolve())
        inside = own
    except ValueError:
        rel, inside = Path("sources") / f"{plan_id}.txt", False
    if not inside:
        target = plan_dir / rel
        if out is None:
            print(f"plancheck draft: the plan would quote {target}; give -o to write the plan and its source text",
                  file=sys.stderr)
        else:
            if target.exists() and target.read_text("utf-8", errors="replace") != text:
                print(f"plancheck draft: {target} exists with other content; not overwritten", file=sys.stderr)
                return EXIT_INPUT
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, "utf-8")
            text_path = target
    if not own and text_path == src:  # printing a draft of a non-UTF-8 or non-text file: quote its text
        import tempfile

        tmp = Path(tempfile.mkdtemp()) / f"{plan_id}.txt"
        tmp.write_text(text, "utf-8")
        text_path = tmp
    draft = draft_text(text_path, rel.as_posix(), plan_id, args.region, settings.reference_data)
    header = [f"drafted by `plancheck draft {src.name}`: check every # REVIEW comment, then delete it"]
    if args.update is not None:
        try:
            draft, removed = merge(args.update, draft)
        except (OSError, ValueError) as e:
            print(f"plancheck draft: {args.update}: {e}", file=sys.stderr)
            return EXIT_INPUT
        for r in removed:
            print(f"removed (its quote no longer matches the source): {r}", file=sys.stderr)
        header = [f"updated by `plancheck draft {src.name} --update {args.update.name}`"]
    text_out = render(draft.plan, draft.review, header)
    if out is None:
        sys.stdout.write(text_out)
    else:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text_out, "utf-8")
        print(f"plancheck draft: wrote {out}: {len(draft.plan['facts'])} facts, {len(draft.plan['growth'])} growth claims, "
              f"{len(draft.review)} items to review", file=sys.stderr)
    for d in draft.dropped:
        print(f"not encoded: {d}", file=sys.stderr)
    return EXIT_OK
