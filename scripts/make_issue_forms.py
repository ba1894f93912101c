"""Generate the issue forms in .github/ISSUE_TEMPLATE/ from the field table, the vocabularies and the
municipality registry.

One form a collection (practice, tool, meeting) and language (fi, sv): ``practice-fi.yml`` …
``meeting-sv.yml``, and ``config.yml`` for the template chooser. What the forms hold is
:mod:`kaikki.intake.forms` (their structure and fixed texts are ``plugins/kaikki/intake/issue_forms.yml``),
which ``kaikki from-issue`` uses to read an issue body back; this script only writes or compares the
files, so a vocabulary change is a regeneration away (and ``tests/test_issue_forms.py`` fails until it is
done).

Usage::

    python scripts/make_issue_forms.py            # write the forms
    python scripts/make_issue_forms.py --check    # exit 1 if the committed forms are out of date
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kaikki.intake.forms import (
    CATALOGUE,
    COLLECTIONS,
    LANGUAGES,
    OUTPUT,
    FormError,
    Municipality,
    build_config,
    build_form,
    field_labels,
    form_fields,
    load_catalogue,
    load_municipalities,
    load_vocabulary,
    option_ids,
    render_all,
    required_fields,
)

__all__ = [
    "CATALOGUE",
    "COLLECTIONS",
    "LANGUAGES",
    "OUTPUT",
    "FormError",
    "Municipality",
    "build_config",
    "build_form",
    "field_labels",
    "form_fields",
    "load_catalogue",
    "load_municipalities",
    "load_vocabulary",
    "option_ids",
    "render_all",
    "required_fields",
]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only tell whether the forms are up to date")
    parser.add_argument("--output", type=Path, default=OUTPUT, help="folder to write (default %(default)s)")
    args = parser.parse_args(argv)
    try:
        files = render_all()
    except (FormError, KeyError, OSError) as error:
        print(f"make_issue_forms: {error}", file=sys.stderr)
        return 2
    stale = [
        name
        for name, text in files.items()
        if not (args.output / name).exists() or (args.output / name).read_text(encoding="utf-8") != text
    ]
    if args.check:
        for name in stale:
            print(
                f"{args.output / name} is out of date: run python scripts/make_issue_forms.py",
                file=sys.stderr,
            )
        return 1 if stale else 0
    args.output.mkdir(parents=True, exist_ok=True)
    for name in stale:
        (args.output / name).write_text(files[name], encoding="utf-8")
        print(f"wrote {args.output / name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
