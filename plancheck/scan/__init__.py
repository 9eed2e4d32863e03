"""`plancheck scan`: check raw documents (.txt, .docx, .pdf, .html) with no plan file.

Each document is read (plancheck.readers), its claims extracted (plancheck.extract) and the
rules of scope `document` (PC601-PC606) run on it; one part of PC606 compares the documents.
"""
