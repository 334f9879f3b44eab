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
