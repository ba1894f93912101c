"""scripts/search_eval.py's municipality-name queries and their judging (the browser part is the script's).

Each query must be a municipality's name in the registry in its language (a typo would measure nothing),
the set must hold prefix traps in both languages, and the ground truth and precision figures must count
what they say.
"""

from __future__ import annotations

from pathlib import Path

import search_eval  # scripts/ is on pytest's pythonpath
import synthetic

ROOT = Path(__file__).resolve().parents[1]


def test_every_query_is_a_municipality_name_of_its_language() -> None:
    names = search_eval.municipality_names(ROOT)
    for query in search_eval.PLACE_QUERIES:
        assert query.slug in names, query
        assert search_eval.fold(names[query.slug][query.lang]) == search_eval.fold(query.text), query
    langs = {q.lang for q in search_eval.PLACE_QUERIES}
    assert langs == {"fi", "sv"}
    traps = {(q.lang, q.text): search_eval.prefix_traps(q, names) for q in search_eval.PLACE_QUERIES}
    assert {"Kemijärvi", "Keminmaa"} <= set(traps[("fi", "kemi")])
    assert all(any(traps[(lang, text)] for (lang, text) in traps if lang == want) for want in ("fi", "sv"))


def test_ground_truth_is_the_cards_that_name_the_municipality(tmp_path: Path) -> None:
    synthetic.generate(tmp_path, 40, seed=5, copy_site=False)
    truth = search_eval.municipality_cards(tmp_path)
    meeting = next((tmp_path / "materials" / "meetings").iterdir())
    text = (meeting / "index.fi.md").read_text(encoding="utf-8")
    host = next(line.split(":", 1)[1].strip() for line in text.splitlines() if line.startswith("host:"))
    assert f"meetings/{meeting.name}" in truth[host]  # a meeting's host counts
    practice = next((tmp_path / "materials" / "practices").iterdir())
    key = f"practices/{practice.name}"
    assert any(key in cards for cards in truth.values())
    assert all(key.count("/") == 1 for cards in truth.values() for key in cards)


def test_precision_counts_the_first_results() -> None:
    relevant = {"a", "b", "c"}
    assert search_eval.precision_at(["a", "x", "b"], relevant, 10) == 2 / 3  # fewer than ten: of all
    assert search_eval.precision_at([*"abxxxxxxxxc"], relevant, 10) == 2 / 10
    assert search_eval.precision_at([], relevant, 10) == 0.0
    assert search_eval.r_precision(["a", "b", "c", "x"], relevant) == 1.0
    assert search_eval.r_precision(["x", "a", "b", "c"], relevant) == 2 / 3
    assert search_eval.r_precision(["a"], relevant) == 1 / 3  # missing results count as misses
