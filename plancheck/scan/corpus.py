"""The scanned documents as the report writers see a corpus: one `plans` entry per document."""

from __future__ import annotations

from plancheck.models import Catalog, RegionRegistry
from plancheck.rules.context import Corpus
from plancheck.scan.document import DocEntry


class _Source:
    def __init__(self, file: str):
        self.file = file


class _Count(list):
    """A length without the items (the report shows how many claims a document has)."""

    def __init__(self, n: int):
        super().__init__()
        self.n = n

    def __len__(self) -> int:
        return self.n


class _Plan:
    def __init__(self, e: DocEntry):
        self.id = e.display
        self.title = e.title
        self.region = e.region
        self.source = _Source(e.display)
        self.facts = _Count(e.quantities)
        self.growth = _Count(e.growth)
        self.edition_of = None


class _Doc:
    def __init__(self, e: DocEntry):
        self.entry = e
        self.plan = _Plan(e)
        self.display = e.display
        self.path = e.display


class ScanCorpus(Corpus):
    def __init__(self, entries: list[DocEntry]):
        super().__init__([], Catalog(indicators=[]), RegionRegistry(regions=[]))
        self.plans = [_Doc(e) for e in sorted(entries, key=lambda e: e.display)]
        self.by_id = {d.display: d for d in self.plans}
        self.documents = []  # the documents themselves are not kept: memory is per document
