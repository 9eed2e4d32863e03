"""The streamed report files are the rendered texts, whatever the chunk size, and a report set
is the same bytes when written twice from one result."""

from __future__ import annotations

import json
from types import SimpleNamespace

from plancheck.report import jsonstream, markdown, reportset, writers
from tests.test_reports import HOSTILE, sample_doc


def test_markdown_chunks_are_the_text_whatever_their_size():
    for lang in ("zh", "en"):
        doc = sample_doc(lang, hostile=True)
        tables = [{"title": "t  ", "columns": ["a", "b"], "rows": [{"a": HOSTILE, "b": " "}], "notes": ["  ", " "]}]
        whole = markdown.render(doc, tables)
        lines = [line for part in markdown._lines(doc, tables) for line in part]
        assert whole == "\n".join(lines).rstrip() + "\n"  # one newline at the end, as one string
        for size in (1, 2, 7, 64, 1 << 30):
            chunks = list(markdown.chunks(doc, tables, size))
            assert "".join(chunks) == whole, size
            assert all(chunks[:-1])


def test_each_streamed_format_in_a_set_is_its_rendered_text(tmp_path):
    doc = sample_doc("en", hostile=True)
    result = SimpleNamespace(corpus=None, tables=[])
    for fmt in ("json", "sarif", "junit", "md"):
        with writers.SetWriter(tmp_path / fmt, writers.REPORT_NAMES) as out:
            writers.write_format(out, fmt, doc, result)
            out.commit()
        name = writers.WRITERS[fmt][0]
        assert reportset.read(tmp_path / fmt)[name].decode() == writers.render(fmt, doc, result), fmt


def test_two_runs_write_the_same_bytes(tmp_path, monkeypatch):
    from plancheck.cli import main
    from tests.planfactory import copy_corpus

    corpus = copy_corpus(tmp_path / "c")
    monkeypatch.chdir(corpus)
    for name in ("a", "b"):
        main(["check", "plans", "--output-dir", str(tmp_path / name), "--no-cache", "-q"])
    a, b = reportset.read(tmp_path / "a"), reportset.read(tmp_path / "b")
    assert set(a) >= {"report.json", "report.sarif", "junit.xml", "report.md", "report.html"}
    assert a == b
    doc = json.loads(a["report.json"])
    assert doc["findings"] and a["report.json"].decode() == jsonstream.dumps(doc)  # one finding per line
    lines = a["report.json"].decode().split("\n")
    assert sum(line.startswith('    {"id":"') for line in lines) == len(doc["findings"]) + len(doc["causes"]) + len(doc["plans"])


def test_every_file_and_folder_is_on_disk_before_the_set_is_switched_in(tmp_path, monkeypatch):
    synced, folders = [], []
    real_file, real_dir = reportset._fsync_file, reportset._fsync_dir
    out = tmp_path / "r"

    def file(path):
        assert not out.exists()  # before the switch
        synced.append(path.relative_to(w.staging).as_posix())
        real_file(path)

    def folder(path):
        folders.append(path)
        real_dir(path)

    monkeypatch.setattr(reportset, "_fsync_file", file)
    monkeypatch.setattr(reportset, "_fsync_dir", folder)
    with writers.SetWriter(out, writers.REPORT_NAMES) as w:
        w.write("report.md", "# a\n")
        w.write("report-plans/p.html", "<p>\n")
        w.write_chunks("report.json", iter(["{", "}\n"]))
        staging = w.staging
        w.commit(inputs="k")
    assert sorted(synced) == sorted(["report.md", "report-plans/p.html", "report.json", reportset.MANIFEST])
    assert folders[:2] == [staging / "report-plans", staging]  # the inner folder first
    manifest = json.loads((out / reportset.MANIFEST).read_text())
    assert manifest["sizes"] == {"report-plans/p.html": 4, "report.json": 3, "report.md": 4}
    from plancheck.cache import PlanCache

    seals = PlanCache(tmp_path / "cache", key_dir=tmp_path / "key")
    reportset.record_seal(seals, out, "k")
    assert reportset.in_place(out, "k", seals)


def test_the_set_key_from_the_written_report_json_is_the_key_hashed_apart(tmp_path):
    import hashlib

    doc = sample_doc("en")
    result = SimpleNamespace(inputs_key="abc", tables=[{"title": "t"}])
    text = jsonstream.dumps(doc).encode()
    key = writers.set_key(result, doc, ["md", "json"])
    assert key == writers.set_key(result, doc, ["json", "md"], hashlib.sha256(text).hexdigest())
    assert key != writers.set_key(result, {**doc, "lang": "zh"}, ["md", "json"])
    assert key != writers.set_key(SimpleNamespace(inputs_key="abc", tables=[]), doc, ["md", "json"])
    # the tables are hashed streaming: any change of a table's text, however large, is another key
    big = [{"title": f"表{i}", "rows": [{"a": "x" * 100}] * 50} for i in range(300)]
    other = [dict(t) for t in big]
    other[-1] = {**other[-1], "title": "表299 "}
    keys = {writers.set_key(SimpleNamespace(inputs_key="abc", tables=t), doc, ["md"]) for t in (big, other, big[:-1])}
    assert len(keys) == 3 and None not in keys
    assert writers.set_key(SimpleNamespace(inputs_key="abc", tables=[{"title": "\ud800"}]), doc, ["md"]) is None
