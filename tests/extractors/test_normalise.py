from extractors.normalise import detect_lang, detect_script, fold, normalise_for_hash, to_simplified


def test_fold_keeps_length_and_positions():
    text = "智譜AI與階躍星辰，ＫＩＭＩ和Kimi ㈱"
    folded = fold(text)
    assert len(folded) == len(text)
    assert folded.startswith("智谱ai与阶跃星辰,kimi和kimi")
    assert folded[-1] == "㈱"  # an expanding NFKC form is left alone rather than shifting offsets


def test_hash_form_ignores_script_width_and_whitespace():
    assert normalise_for_hash("智譜AI  完成\n融資，") == normalise_for_hash("智谱ai 完成 融资,")


def test_to_simplified():
    assert to_simplified("階躍星辰發佈") == "阶跃星辰发布"


def test_detect_script_on_seeds(seeds_dir):
    scripts = {p.name[:3]: detect_script(p.read_text(encoding="utf-8")) for p in sorted(seeds_dir.glob("*.txt"))}
    assert scripts == {"000": "Hans", "001": "Hans", "002": "Hans", "003": "Hans", "004": "Hant"}


def test_detect_script_and_lang_other_texts():
    assert detect_script("OpenAI released a model") == "Latn"
    assert detect_script("1234 ...") is None
    assert detect_lang("智谱AI发布新模型") == "zh"
    assert detect_lang("OpenAI released a model", "en-US") == "en"


def test_hash_normalisation_fast_path_equals_full_nfkc(seeds_dir):
    """normalise_for_hash skips full NFKC when the fold is already normalised; stored hashes must not change."""
    import random
    import unicodedata

    from extractors.normalise import _WHITESPACE, fold, normalise_for_hash

    def reference(text: str) -> str:
        return _WHITESPACE.sub(" ", fold(unicodedata.normalize("NFKC", text))).strip()

    texts = [p.read_text(encoding="utf-8") for p in seeds_dir.glob("*.txt")]
    texts += ["智譜ＡＩ發佈…㈱ ﬁnance e\u0301 한국 \u1100\u1161 ㄱㅏ ½ ™ Ⅻ ｶﾞ", "ＡＢＣ，。！"]
    rng = random.Random(5)
    pools = [range(0x20, 0x250), range(0x2000, 0x2BFF), range(0x3000, 0x33FF), range(0xF900, 0xFFEF), range(0x1100, 0x11FF),
             range(0xAC00, 0xAC40), range(0x4E00, 0x4E80), range(0x0300, 0x036F)]  # fmt: skip
    for _ in range(300):
        texts.append("".join(chr(rng.choice(rng.choice(pools))) for _ in range(rng.randint(1, 80))))
    for text in texts:
        assert normalise_for_hash(text) == reference(text), repr(text)


def test_fold_table_equals_folding_every_code_point_one_by_one():
    from extractors.normalise import _fold_char, _fold_table, _t2s

    reference = {}
    for code in range(0x110000):
        ch = chr(code)
        if 0xD800 <= code <= 0xDFFF or (ch.isascii() and not ch.isupper()):
            continue
        if (out := _fold_char(ch, _t2s())) != ch:
            reference[code] = out
    assert _fold_table() == reference  # the blocks skipped whole map nothing
