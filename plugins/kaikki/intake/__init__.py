"""Intake: new bundles written for contributors, by ``kaikki new`` and ``kaikki from-issue``.

- :mod:`kaikki.intake.writer`: the one bundle writer (slug rules, a new folder, safe front matter).
- :mod:`kaikki.intake.forms`: the issue forms as data (fields, labels, options), for the generator
  ``scripts/make_issue_forms.py`` and for reading an issue body back.
- :mod:`kaikki.intake.issue`: an issue body → a checked bundle, or the problems in the form's language.
- :mod:`kaikki.intake.attachments`: files dragged into a form, downloaded from GitHub's storage only.

No MkDocs import here; the scaffold (:mod:`kaikki.scaffold`) writes through :mod:`kaikki.intake.writer`.
"""
