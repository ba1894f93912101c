"""Kaikki mukaan! practice library: content core, checks, CLI and MkDocs adapters.

The flow is load → check → derive → render:

- :mod:`kaikki.content` loads bundles, registries and front matter (no MkDocs import);
- :mod:`kaikki.checks` turns a loaded library into problems with stable codes;
- :mod:`kaikki.cli` is the ``kaikki`` command;
- :mod:`kaikki.mkdocs` holds the thin MkDocs adapters.
"""

from __future__ import annotations

__version__ = "0.1.0"
