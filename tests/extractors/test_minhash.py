"""MinHash signatures: the fast path equals the plain one, and the similarities the thresholds rely on."""

from pathlib import Path

import pytest

from extractors.minhash import BANDS, NUM_PERM, containment, dedupe_text, jaccard, signature, signature_of
from extractors.normalise import to_traditional
from warehouse.neardup import DUPLICATE_JACCARD, RELATED_CONTAINMENT

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "dedupe"


def body(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8").split("\n", 1)[1]


def test_dedupe_text_folds_script_case_and_drops_punctuation():
    assert dedupe_text("智譜AI，完成　融資！Kimi-2") == "智谱ai完成融资kimi2"


def test_numpy_path_equals_string_path(seeds_dir):
    for path in sorted(seeds_dir.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        assert signature(text) == signature_of(dedupe_text(text))


def test_shape_and_determinism():
    sig = signature(body("base.txt"))
    assert len(sig.minhash) == NUM_PERM and len(sig.bands) == BANDS and sig.lead_hash is not None
    assert sig == signature(body("base.txt"))
    assert signature("太短").lead_hash is None


@pytest.mark.parametrize(
    ("variant", "low", "high"),
    [
        (to_traditional(body("base.txt")), 0.95, 1.0),  # Traditional edition
        (body("rewrite.txt"), DUPLICATE_JACCARD, 0.95),  # new lead paragraph, ~5% edits
        (body("same_topic.txt"), 0.0, 0.1),  # same companies, different article
    ],
)
def test_similarities_the_thresholds_rely_on(variant, low, high):
    assert low <= jaccard(signature(body("base.txt")).minhash, signature(variant).minhash) <= high


def test_excerpt_has_low_jaccard_but_high_containment():
    full, excerpt = signature(body("base.txt")), signature(body("base.txt")[: len(body("base.txt")) // 3])
    j = jaccard(full.minhash, excerpt.minhash)
    assert j < DUPLICATE_JACCARD
    assert containment(j, full.shingles, excerpt.shingles) >= RELATED_CONTAINMENT
    assert full.lead_hash == excerpt.lead_hash


def test_code_table_keeps_exactly_the_code_points_that_fold_to_letters_or_digits():
    import numpy as np

    from extractors.minhash import _code_table
    from extractors.normalise import _fold_array

    folds = _fold_array()
    table = _code_table()
    for code in range(0x110000):
        if 0xD800 <= code <= 0xDFFF:
            assert table[code] == 0
            continue
        out = chr(folds[code])
        assert table[code] == (ord(out) if out.isalnum() else 0), hex(code)
    assert np.count_nonzero(table) > 100_000  # Han, Latin, digits, …
