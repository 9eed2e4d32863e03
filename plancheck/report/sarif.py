"""reports/report.sarif: SARIF 2.1.0, for code-scanning tools (GitHub's upload-sarif among them).

Each finding is located at its plan YAML file and line (the evidence's `plan_file`/`plan_line`),
as a URI relative to the repository root (`uriBaseId` %SRCROOT%, the project root: `plancheck.project`); the source text and the quote are
related locations. Rules carry their documentation; waived findings carry a suppression; the
finding id is the partial fingerprint, so a code-scanning alert follows a finding across edits.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import PurePosixPath, PureWindowsPath
from urllib.parse import quote

from plancheck.report import jsonstream

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
SRCROOT = "%SRCROOT%"  # the name GitHub code scanning and SARIF viewers know
LEVELS = {"error": "error", "warning": "warning", "info": "note"}
FINGERPRINT = "plancheckFindingId/v1"
# the log, its run and the run's members indented; each result, rule descriptor list and
# notification compact on its own line (plancheck.report.jsonstream)
FLAT = 4
_PATHLIKE = re.compile(r"[^\s*?()<>|]+\.(?:ya?ml|txt|toml)")


@lru_cache(maxsize=1 << 16)  # a corpus has few distinct paths and many findings at each
def _uri(path: str) -> tuple[str, str | None]:
    """(uri, uriBaseId) for a path as the report shows it: relative paths hang off SRCROOT."""
    p = path.replace("\\", "/")
    if PurePosixPath(p).is_absolute() or PureWindowsPath(path).drive:
        posix = p if p.startswith("/") else "/" + p
        return "file://" + quote(posix, safe="/:"), None
    return quote(p, safe="/"), SRCROOT


class _Artifacts(dict):
    """path -> its artifactLocation, one dict for every location of a log in that file."""

    def __missing__(self, path: str) -> dict:
        uri, base = _uri(path)
        art = self[path] = {"uri": uri, "uriBaseId": base} if base else {"uri": uri}
        return art


def _location(path: str, line: int | None, message: str | None = None, snippet: str | None = None,
              id_: int | None = None, column: int | None = None, arts: _Artifacts | None = None) -> dict:
    phys: dict = {"artifactLocation": (_Artifacts() if arts is None else arts)[path]}
    if line:
        region: dict = {"startLine": int(line)}
        if column:
            region["startColumn"] = int(column)
        if snippet:
            region["snippet"] = {"text": snippet}
        phys["region"] = region
    loc: dict = {}
    if id_ is not None:
        loc["id"] = id_
    loc["physicalLocation"] = phys
    if message:
        loc["message"] = {"text": message}
    return loc


def _source_path(ev: dict) -> str | None:
    """The source text's path from the repository root: the plan names it relative to itself."""
    f = ev.get("file")
    if not f:
        return None
    return _joined(f, ev.get("plan_file") or "")


@lru_cache(maxsize=1 << 16)
def _joined(f: str, plan_file: str) -> str:
    if plan_file and f != plan_file and not PurePosixPath(f).is_absolute():
        parent = PurePosixPath(plan_file.replace("\\", "/")).parent
        parts: list[str] = list(parent.parts)
        for part in PurePosixPath(f).parts:
            if part == "..":
                if parts and parts[-1] != "..":
                    parts.pop()
                else:
                    parts.append(part)
            elif part != ".":
                parts.append(part)
        joined = "/".join(parts)
        return joined[1:] if joined.startswith("//") else joined  # an absolute parent's root part is "/"
    return f


def _rule_descriptor(r: dict) -> dict:
    from plancheck.rules import get_rule

    cls = get_rule(r["code"])
    doc = cls.doc() if cls is not None else r.get("summary", "")
    summary = r.get("summary") or (doc.splitlines()[0] if doc else r["code"])
    paras = [p.strip() for p in doc.split("\n\n") if p.strip()]
    full = " ".join(paras[1].split()) if len(paras) > 1 else summary
    out = {
        "id": r["code"],
        "name": r.get("name") or r["code"],
        "shortDescription": {"text": summary},
        "fullDescription": {"text": full},
        "help": {"text": doc or summary, "markdown": doc or summary},
        "defaultConfiguration": {"level": LEVELS[r["severity"]]},
        "properties": {"scope": r.get("scope", ""), "tags": ["plancheck", r.get("scope", "")]},
    }
    return out


def build(doc: dict, lazy: bool = False) -> dict:
    """The SARIF log of a report document; `lazy`: its results as `jsonstream.Items`, built while
    the log is written (`plancheck.report.writers`), never all held at once."""
    rules = sorted(doc.get("rules", []), key=lambda r: r["code"])
    known = {r["code"] for r in rules}
    for f in doc.get("findings", []):  # a finding of a rule not listed still needs a descriptor
        if f["rule"] not in known:
            known.add(f["rule"])
            rules.append({"code": f["rule"], "name": f["rule"], "severity": f["severity"], "scope": "", "summary": f["rule"]})
    rules.sort(key=lambda r: r["code"])
    index = {r["code"]: i for i, r in enumerate(rules)}

    plan_files = {p["id"]: p["file"] for p in doc.get("plans", [])}
    arts = _Artifacts()  # shared by this log's locations only
    results = (_result(f, index, plan_files, arts) for f in doc.get("findings", []))

    notifications = []
    for e in doc.get("input_errors", []):
        n: dict = {"level": "error", "message": {"text": (f"[{e['field']}] " if e.get("field") else "") + e["message"]}}
        if e.get("file") and _PATHLIKE.fullmatch(e["file"]):
            n["locations"] = [_location(e["file"], e.get("line"), column=e.get("column"), arts=arts)]
        notifications.append(n)

    run = {
        "tool": {"driver": {
            "name": "plancheck",
            "version": doc["tool"]["version"],
            "semanticVersion": doc["tool"]["version"],
            "rules": [_rule_descriptor(r) for r in rules],
        }},
        "originalUriBaseIds": {SRCROOT: {"description": {"text": "The root of the plan-data repository: the folder of the settings file, else the git work tree, else the working directory."}}},
        "invocations": [{"executionSuccessful": not notifications, "toolExecutionNotifications": notifications}],
        "language": "zh-CN" if doc.get("lang") == "zh" else "en-US",
        "columnKind": "unicodeCodePoints",
        "results": jsonstream.Items(results) if lazy else list(results),
    }
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def _result(f: dict, index: dict[str, int], plan_files: dict[str, str], arts: _Artifacts | None = None) -> dict:
    """One finding as a SARIF result."""
    # the first plan location is the result's location (code scanning shows one); every other
    # plan location and each source quote are related locations
    locations, related, seen = [], [], set()
    if arts is None:
        arts = _Artifacts()
    home = f.get("located") or []  # the plan carrying the problem comes first: it is the location
    evidence = sorted(f.get("evidence") or [], key=lambda e: e.get("plan") not in home)
    if home and home[0] in plan_files and not any(e.get("plan") in home and e.get("plan_file") for e in evidence):
        # the problem is an absence in that plan (a copy lacks a fact): its file, the evidence related
        locations.append(_location(plan_files[home[0]], None, arts=arts))
    for ev in evidence:
        pf = ev.get("plan_file")
        if pf and (pf, ev.get("plan_line")) not in seen:
            seen.add((pf, ev.get("plan_line")))
            if not locations:
                locations.append(_location(pf, ev.get("plan_line"), column=ev.get("plan_column"), arts=arts))
            else:
                related.append(_location(pf, ev.get("plan_line"), message=ev.get("item") or ev.get("plan") or pf,
                                         id_=len(related) + 1, column=ev.get("plan_column"), arts=arts))
        src = _source_path(ev)
        if src and src != pf:
            related.append(_location(src, ev.get("line"), message=ev.get("quote") or None,
                                     snippet=ev.get("quote") or None, id_=len(related) + 1, arts=arts))
    if not locations:  # no evidence with a place: the plan file itself
        files = [plan_files[p] for p in f.get("plans", []) if p in plan_files]
        if files:
            locations.append(_location(files[0], None, arts=arts))
    res: dict = {
        "ruleId": f["rule"],
        "ruleIndex": index[f["rule"]],
        "level": LEVELS[f["severity"]],
        "message": {"text": f["message"]},
    }
    if locations:
        res["locations"] = locations
    if related:
        res["relatedLocations"] = related
    res["partialFingerprints"] = {FINGERPRINT: f["id"]}
    if f.get("baseline_status"):
        res["baselineState"] = f["baseline_status"]
    res["suppressions"] = (
        [{"kind": "external", "status": "accepted", "justification": f.get("waiver_reason") or "",
          "properties": {"source": "plancheck waivers file"}}]
        if f["waived"] else []
    )
    res["properties"] = {"findingId": f["id"], "plans": list(f["plans"]), "values": f.get("values") or {},
                         "message_zh": f["message_zh"], "message_en": f["message_en"]}
    return res


def chunks(doc: dict, size: int = 1 << 16):
    """The text of report.sarif in chunks (results built while it is written)."""
    return jsonstream.chunks(build(doc, lazy=True), size, FLAT)


def byte_chunks(doc: dict, size: int = 1 << 16):
    """`chunks` in UTF-8: what report.sarif is written from."""
    return jsonstream.byte_chunks(build(doc, lazy=True), size, FLAT)


def render(doc: dict, result=None) -> str:
    return jsonstream.dumps(build(doc), FLAT)
