"""What is wrong with an input file, where, in words a plan's author can act on.

`InputError` is a problem at a file, line and field. The helpers turn the three validators'
findings (the YAML reader, the JSON Schema, the pydantic models) into one list: each problem
once, at the line of the value concerned (an unknown or missing field at its own path, a
duplicate id at the duplicate), and an undecodable file named by the encoding it appears to be in.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass, replace

from plancheck import yamlsrc


@dataclass(frozen=True)
class InputError:
    """A problem with an input file: where, which field, what."""

    file: str
    line: int | None
    column: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}:{self.column or 1}"
        fld = f" [{self.field}]" if self.field else ""
        return f"{where}:{fld} {self.message}"


def dotted(path: tuple[str | int, ...] | list) -> str:
    out = ""
    for p in path:
        out += f"[{p}]" if isinstance(p, int) else (f".{p}" if out else str(p))
    return out


def at(display: str, positions, path: tuple, message: str) -> InputError:
    mark = yamlsrc.position(positions, path)
    return InputError(display, mark.line if mark else None, mark.column if mark else None, dotted(path), message)


def not_utf8(raw: bytes, err: UnicodeDecodeError, what: str = "the file") -> tuple[int, str]:
    """The line of the first byte that is not UTF-8, and a message naming what the bytes look like."""
    line = raw[: err.start].count(b"\n") + 1
    return line, (f"{what} is not UTF-8 text: it looks like {guess_encoding(raw)} "
                  f"(byte 0x{raw[err.start]:02x} on line {line}); save it as UTF-8")


def guess_encoding(raw: bytes) -> str:
    """A name for what `raw` appears to be: a Unicode encoding by its byte-order mark, binary
    data, or the encoding charset-normalizer finds most likely."""
    for bom, name in ((codecs.BOM_UTF32_LE, "UTF-32"), (codecs.BOM_UTF32_BE, "UTF-32"),
                      (codecs.BOM_UTF16_LE, "UTF-16"), (codecs.BOM_UTF16_BE, "UTF-16")):
        if raw.startswith(bom):
            return f"{name} (byte-order mark)"
    head = raw[:65536]
    if head.count(b"\x00") > len(head) // 4:  # UTF-16 without a BOM: every other byte is NUL
        even, odd = head[0::2].count(0), head[1::2].count(0)
        if max(even, odd) > len(head) // 3 and min(even, odd) < len(head) // 20:
            return "UTF-16 (no byte-order mark)"
    import charset_normalizer

    best = charset_normalizer.from_bytes(head).best()
    if best is None or b"\x00" in head:
        return "binary data, not text"
    return best.encoding.replace("_", "-").upper() if best.encoding else "an unknown encoding"


def schema_errors(validator, data: object, display: str, positions) -> list[InputError]:
    """jsonschema's errors, each at the path of the value concerned: an unknown field at the
    field, a missing one at where it belongs."""
    out = []
    for err in sorted(validator.iter_errors(data), key=lambda e: [str(p) for p in e.absolute_path]):
        path = tuple(err.absolute_path)
        if err.validator == "additionalProperties" and isinstance(err.instance, dict):
            allowed = set(err.schema.get("properties", {}))
            for key in sorted(k for k in err.instance if k not in allowed):
                out.append(at(display, positions, (*path, key), f"unknown field {key!r}"))
            continue
        if err.validator == "required" and isinstance(err.validator_value, list) and isinstance(err.instance, dict):
            for key in [k for k in err.validator_value if k not in err.instance]:
                out.append(replace(at(display, positions, path, f"missing field {key!r}"), field=dotted((*path, key))))
            continue
        out.append(at(display, positions, path, err.message))
    return _unique(out)


def pydantic_errors(exc, display: str, positions) -> list[InputError]:
    out = []
    for e in exc.errors(include_url=False):
        loc = tuple(p for p in e["loc"] if not (isinstance(p, str) and p.startswith("function-")))
        msg = e["msg"]
        if e["type"] == "extra_forbidden":
            msg = f"unknown field {loc[-1]!r}"
        elif e["type"] == "missing":
            msg = f"missing field {loc[-1]!r}"
            out.append(replace(at(display, positions, loc[:-1], msg), field=dotted(loc)))
            continue
        out.append(at(display, positions, loc, msg.removeprefix("Value error, ")))
    return out


def linked_errors(data: dict, display: str, positions) -> list[InputError]:
    """The plan model's cross-item checks, at the item concerned rather than the plan's root:
    duplicate ids (at the duplicate), growth endpoints naming unknown facts, unexplained marks."""
    out = []
    seen: dict[str, tuple] = {}
    lists = {k: data.get(k) if isinstance(data.get(k), list) else [] for k in ("facts", "growth", "priorities", "footnotes")}
    for section in ("facts", "growth", "priorities"):
        for i, item in enumerate(lists[section]):
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                if item["id"] in seen:
                    first = yamlsrc.position(positions, seen[item["id"]])
                    also = f" (first at line {first.line})" if first else ""
                    out.append(at(display, positions, (section, i, "id"), f"duplicate id {item['id']!r}{also}"))
                else:
                    seen[item["id"]] = (section, i, "id")
    fact_ids = {f.get("id") for f in lists["facts"] if isinstance(f, dict)}
    for i, g in enumerate(lists["growth"]):
        for end in ("start", "end"):
            ref = g.get(end, {}).get("fact") if isinstance(g, dict) and isinstance(g.get(end), dict) else None
            if isinstance(ref, str) and ref not in fact_ids:
                out.append(at(display, positions, ("growth", i, end, "fact"), f"growth {g.get('id')!r} refers to unknown fact {ref!r}"))
    marks = {n.get("mark") for n in lists["footnotes"] if isinstance(n, dict)}
    for i, f in enumerate(lists["facts"]):
        for j, m in enumerate(f.get("marks") or [] if isinstance(f, dict) and isinstance(f.get("marks"), list) else []):
            if isinstance(m, str) and m not in marks:
                out.append(at(display, positions, ("facts", i, "marks", j), f"fact {f.get('id')!r} carries mark {m!r} that no footnote explains"))
    return out


def merge(first: list[InputError], then: list[InputError]) -> list[InputError]:
    """`first`, then each of `then` not already said about the same field (one message per
    problem although two validators found it)."""
    fields = {e.field for e in first}
    said = {_core(e.message) for e in first}
    return _unique(first + [e for e in then if e.field not in fields and _core(e.message) not in said])


def _core(message: str) -> str:
    return message.split(" (first at line")[0]


def _unique(errors: list[InputError]) -> list[InputError]:
    seen, out = set(), []
    for e in errors:
        k = (e.field, e.message)
        if k not in seen:
            seen.add(k)
            out.append(e)
    return out
