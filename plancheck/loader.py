"""Load plan files: safe YAML -> pydantic (-> JSON Schema for the wording of errors), with errors
that name file, line, field."""

from __future__ import annotations

import hashlib
import json
import os
import stat
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path, PurePosixPath, PureWindowsPath

import jsonschema
import pydantic

from plancheck import cached, compact, planerrors, yamlfast, yamlsrc
from plancheck.cache import PlanCache, has_entries
from plancheck.inputs import plan_files  # noqa: F401  (re-exported: plancheck.loader.plan_files)
from plancheck.models import Catalog, Plan, RegionRegistry
from plancheck.planerrors import InputError, dotted  # noqa: F401  (re-exported: plancheck.loader.InputError)
from plancheck.safeio import read_regular
from plancheck.sources import SourceText


@dataclass
class LoadedPlan:
    plan: Plan
    path: Path
    positions: dict[yamlsrc.Path, yamlsrc.Mark] | None  # None: released (`release_positions`)
    source: SourceText | None = None
    display: str = ""
    digest: str = ""  # sha256 of the plan file's bytes
    shallow: bool = False  # positions only yamlfast.SHALLOW levels deep; deeper ones read on demand

    def line_of(self, *path: str | int) -> int | None:
        m = self.mark(path)
        return m.line if m else None

    def mark(self, path: tuple) -> yamlsrc.Mark | None:
        """Where `path` (or its nearest ancestor with a position) starts in the plan file."""
        if self.positions is None or (self.shallow and len(path) > yamlfast.SHALLOW):
            self._read_every_position()
        return yamlsrc.position(self.positions, path)

    def release_positions(self) -> None:
        """Drop the positions and the item paths once the rules have cited what they cite
        (`Corpus.release`): ~27 KB a plan. A position asked for later is read from the file again
        (`mark`), a path built again (`item_path`)."""
        self.positions = None
        self._id_paths = None

    def _read_every_position(self) -> None:
        """The position of every value, from the position-aware reader (once; only if the file is
        still the one loaded, else the shallow positions stay: the nearest item's line; after
        `release_positions`, none)."""
        self.shallow = False
        try:
            raw = read_regular(self.path)  # as the load read it: a fifo or a device put there since is refused
            if hashlib.sha256(raw).hexdigest() == self.digest:
                self.positions = yamlsrc.load(raw.decode("utf-8"))[1]
        except (OSError, UnicodeDecodeError, yamlsrc.YamlError):
            pass
        if self.positions is None:
            self.positions = {}

    def item_path(self, item_id: str) -> tuple[str | int, ...]:
        """The YAML path of a fact, growth claim or priority by its id."""
        if self._id_paths is None:  # built on first use: by the rules' workers, not held by every process
            self._id_paths = {item.id: (section, i) for section in ("facts", "growth", "priorities")
                              for i, item in enumerate(getattr(self.plan, section))}
        return self._id_paths.get(item_id, ())

    def __post_init__(self) -> None:
        self._id_paths: dict[str, tuple[str | int, ...]] | None = None


@dataclass
class LoadResult:
    plans: list[LoadedPlan] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)
    # the source text each plan file that parsed names, loaded or not (its source may be what
    # kept it out): with the plan files, everything the load read (plancheck.replay)
    sources: list[Path] = field(default_factory=list)


@cache
def plan_schema() -> dict:
    return json.loads(resources.files("plancheck").joinpath("schema/plan.schema.json").read_text("utf-8"))


def _inline_refs(node, defs):
    """The schema with every local `$ref` replaced by its definition (the plan schema is not
    recursive): validation then makes no reference look-ups, ~3x faster on large corpora."""
    if isinstance(node, dict):
        if "$ref" in node and node["$ref"].startswith("#/$defs/"):
            target = _inline_refs(defs[node["$ref"].split("/")[-1]], defs)
            rest = {k: _inline_refs(v, defs) for k, v in node.items() if k != "$ref"}
            return {**target, **rest} if rest else target
        return {k: _inline_refs(v, defs) for k, v in node.items() if k != "$defs"}
    if isinstance(node, list):
        return [_inline_refs(v, defs) for v in node]
    return node


@cache
def _validator() -> jsonschema.Draft202012Validator:
    schema = plan_schema()
    flat = _inline_refs(schema, schema.get("$defs", {}))
    return jsonschema.Draft202012Validator(flat, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


VALIDATE_TWICE = False  # also run jsonschema on files the models accept (tests of their agreement)


def read_plan(path: Path, display: str | None = None, cache: PlanCache | None = None,
              only_cached: bool = False) -> tuple[LoadedPlan | None, list[InputError]]:
    """Read and validate one plan file. Returns the plan, or None and the errors.

    With a cache, an unchanged file that validated before is not parsed again; `only_cached`
    returns (None, []) instead of parsing when the file is not in the cache."""
    display = display or str(path)
    try:
        raw = read_regular(path)
    except OSError as e:
        return None, [InputError(display, None, None, "", f"cannot read file: {e.strerror or e}")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line, message = planerrors.not_utf8(raw, e)
        return None, [InputError(display, line, None, "", message)]
    key = cache.key(raw) if cache is not None else None
    body = cache.get(key) if cache is not None else None
    hit = cached.decode_plan(body) if body is not None else None  # None: foreign or invalid, rebuilt
    digest = hashlib.sha256(raw).hexdigest()
    if hit is not None:
        plan, positions = hit
        compact.share_field_sets(plan)
        return _named(LoadedPlan(plan, path, positions, display=display, digest=digest, shallow=True), path, display)
    if only_cached:
        return None, []
    fast = yamlfast.load(text)  # the hot path: shallow positions only, None when in doubt
    try:
        data, positions = fast if fast is not None else yamlsrc.load(text)
    except yamlsrc.YamlError as e:
        return None, [InputError(display, e.mark.line if e.mark else None, e.mark.column if e.mark else None, dotted(e.path), e.message)]
    if not isinstance(data, dict):
        return None, [InputError(display, 1, 1, "", "a plan file must be a YAML mapping")]
    try:  # the hot path validates once: the models accept nothing the schema refuses (tested)
        plan = Plan.model_validate(data)
    except pydantic.ValidationError as exc:
        if fast is not None:  # errors name the line and column of any field: read every position
            data, positions = yamlsrc.load(text)
        # on the error path jsonschema's messages come first, then the links between items at
        # the item concerned; pydantic adds what neither says (each problem once)
        errors = planerrors.schema_errors(_validator(), data, display, positions)
        located = errors + planerrors.linked_errors(data, display, positions)
        return None, planerrors.merge(located, planerrors.pydantic_errors(exc, display, positions))
    compact.share_field_sets(plan)  # a third less memory, and a smaller pickle from a load worker
    if VALIDATE_TWICE:
        errors = planerrors.schema_errors(_validator(), data, display, positions)
        if errors:
            return None, errors
    if cache is not None:
        cache.put(key, cached.encode_plan(plan, positions))
    return _named(LoadedPlan(plan, path, positions, display=display, digest=digest, shallow=fast is not None),
                  path, display)


def _named(loaded: LoadedPlan, path: Path, display: str) -> tuple[LoadedPlan | None, list[InputError]]:
    plan = loaded.plan
    expected = path.with_suffix("").name
    if plan.id != expected:
        line = loaded.line_of("id")
        return None, [InputError(display, line, 1, "id", f"plan id {plan.id!r} does not match its file name {expected!r}")]
    return loaded, []


def source_path(lp: LoadedPlan) -> tuple[Path | None, str]:
    """The plan's source text resolved inside the plan's folder (after symbolic links), or None
    and why not. A plan may only cite files under its own folder: a path out of it (`..`, an
    absolute path, /proc, a link pointing elsewhere) is refused before the file is opened, so
    nothing about a file outside the folder (not even whether it exists) reaches a report."""
    rel = lp.plan.source.file
    if not rel or PureWindowsPath(rel).is_absolute() or PurePosixPath(rel).is_absolute() or PureWindowsPath(rel).drive:
        return None, f"source file {rel!r} must be a path relative to the plan's folder, not an absolute path"
    if ".." in PureWindowsPath(rel).parts or ".." in PurePosixPath(rel).parts:
        return None, f"source file {rel!r} must not leave the plan's folder ('..')"
    try:
        root = lp.path.parent.resolve()
        src = (root / rel).resolve()
    except (OSError, ValueError, RuntimeError) as e:  # a NUL byte, a name too long, a link loop
        return None, f"source file {rel!r} cannot be resolved: {e}"
    if not src.is_relative_to(root):
        return None, f"source file {rel!r} resolves outside the plan's folder (a symbolic link?): refused"
    try:
        st = src.stat()
    except (OSError, ValueError):
        return None, f"source text not found: {rel}"
    if not stat.S_ISREG(st.st_mode):
        return None, f"source file {rel!r} is not a regular file"
    return src, ""


def attach_source(lp: LoadedPlan, display: str) -> list[InputError]:
    line = lp.line_of("source", "file")
    src_path, why = source_path(lp)
    if src_path is None:
        return [InputError(display, line, 1, "source.file", why)]
    lp.source = SourceText.read(src_path)
    if lp.source.sha256 != lp.plan.source.sha256:
        return [InputError(display, lp.line_of("source", "sha256"), 1, "source.sha256",
                           f"sha256 of {lp.plan.source.file} is {lp.source.sha256}, the plan records {lp.plan.source.sha256}")]
    try:
        lp.source.text  # noqa: B018 - decode once, so a bad encoding is reported here
    except UnicodeDecodeError as e:
        _, message = planerrors.not_utf8(lp.source.raw, e, f"source text {lp.plan.source.file}")
        return [InputError(display, line, 1, "source.file", message)]
    return []


PARALLEL_MIN_FILES = 64  # below this, starting worker processes costs more than it saves


def _read_one(args: tuple[Path, str, Path | None]) -> tuple[LoadedPlan | None, list[InputError]]:
    path, display, cache_dir = args
    if not path.exists():
        return None, [InputError(display, None, None, "", "no such file")]
    return read_plan(path, display, PlanCache(cache_dir / "plans") if cache_dir is not None else None)



def _read_all(jobs: list[tuple[Path, str, Path | None]], workers: int | None):
    """Read and validate files; for a large corpus, the files not in the cache are validated in
    worker processes (files are independent). Cached files are read here: cheaper than shipping
    them back from a worker."""
    workers = workers if workers is not None else (os.cpu_count() or 1)
    if workers <= 1 or len(jobs) < PARALLEL_MIN_FILES:
        return [_read_one(j) for j in jobs]
    out: list = [None] * len(jobs)
    todo = []
    probe = {c for _, _, c in jobs if c is not None and has_entries(c / "plans")}  # a cold cache: nothing to find
    for i, (path, display, cache_dir) in enumerate(jobs):
        if cache_dir in probe and path.exists():
            lp, errors = read_plan(path, display, PlanCache(cache_dir / "plans"), only_cached=True)
            if lp is not None or errors:
                out[i] = (lp, errors)
                continue
        todo.append(i)
    if len(todo) < PARALLEL_MIN_FILES:
        for i in todo:
            out[i] = _read_one(jobs[i])
        return out
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=workers) as pool:
        for i, res in zip(todo, pool.map(_read_one, [jobs[i] for i in todo], chunksize=16), strict=True):
            out[i] = res
    return out


def load_plans(paths: list[Path], root: Path | None = None, cache_dir: Path | None = None,
               workers: int | None = None) -> LoadResult:
    """Load every plan file under `paths`; a bad file is reported and the rest still load.

    Files are read in the order found and reported in that order, whether or not they were
    validated in parallel (`workers`: processes to use; default the machine's cores)."""
    result = LoadResult()
    root = root or Path.cwd()
    seen: dict[str, Path] = {}
    files = plan_files(paths)
    jobs = [(path, _display(path, root), cache_dir) for path in files]
    for (path, display, _), (lp, errors) in zip(jobs, _read_all(jobs, workers), strict=True):
        if lp is not None:
            result.sources.append(lp.path.parent / lp.plan.source.file)
            errors = attach_source(lp, display)
            if lp.plan.id in seen:
                errors.append(InputError(display, lp.line_of("id"), 1, "id", f"plan id {lp.plan.id!r} also in {_display(seen[lp.plan.id], root)}"))
        result.errors.extend(errors)
        if lp is not None and not errors:
            seen[lp.plan.id] = path
            result.plans.append(lp)
    result.plans.sort(key=lambda lp: lp.plan.id)
    return result


def _display(path: Path, root: Path) -> str:
    try:
        return str(path.resolve().relative_to(root.resolve()))
    except ValueError:
        return str(path)


def _read_data(name: str, package: str = "plancheck.models"):
    data, _ = yamlsrc.load(resources.files(package).joinpath(f"data/{name}").read_text("utf-8"))
    return data


@cache
def catalog() -> Catalog:
    """The indicator catalog: `data/indicators.yaml` plus any `data/indicators-*.yaml` parts."""
    folder = resources.files("plancheck.models").joinpath("data")
    entries: list = []
    for name in sorted(p.name for p in folder.iterdir() if p.name.startswith("indicators") and p.name.endswith(".yaml")):
        entries.extend((_read_data(name) or {}).get("indicators") or [])
    keys = [e.get("key") for e in entries]
    dup = sorted({k for k in keys if keys.count(k) > 1})
    if dup:
        raise ValueError(f"indicator catalog: duplicate keys {dup}")
    return Catalog.model_validate({"indicators": entries})


@cache
def regions() -> RegionRegistry:
    return RegionRegistry.model_validate(_read_data("regions.yaml"))
