"""Kept for code written before the move: `Corpus` lives in `plancheck.corpus`, `FactRef` in
`plancheck.factref`."""

from plancheck.corpus import Corpus
from plancheck.factref import FactRef

__all__ = ["Corpus", "FactRef"]
