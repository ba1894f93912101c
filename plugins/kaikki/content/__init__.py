"""The content core: loading bundles and registries. No MkDocs import here."""

from __future__ import annotations

from kaikki.content.library import load_bundle, load_library
from kaikki.content.model import COLLECTIONS, LANGUAGES, Bundle, Document, Library, Problem, problem
from kaikki.content.registries import Municipalities, Municipality, RegistryError, Term, Vocabulary

__all__ = [
    "COLLECTIONS",
    "LANGUAGES",
    "Bundle",
    "Document",
    "Library",
    "Municipalities",
    "Municipality",
    "Problem",
    "RegistryError",
    "Term",
    "Vocabulary",
    "load_bundle",
    "load_library",
    "problem",
]
