"""plancheck: a consistency checker for government development plans."""

__version__ = "0.1.0"
