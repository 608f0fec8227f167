from claims.matching import text, trec


def test_normalise_strips_tweet_noise():
    tweet = (
        "BREAKING: @JoeBiden signs #BuildBackBetter 😭🎶 https://t.co/abc pic.twitter.com/xyz "
        "— Some One (@someone) January 28, 2021"
    )
    out = text.normalise(tweet)
    assert out == "BREAKING: JoeBiden signs Build Back Better"


def test_normalise_writes_numbers_one_way():
    assert text.normalise("2,000 NLAW and 1.5m doses") == "2000 NLAW and 1.5 million doses"
    assert text.numbers(text.normalise("killed over 14,000 since 2014")) == {"14000", "2014"}


def test_normalise_never_fails_on_odd_input():
    assert text.normalise("") == ""
    assert text.normalise("😭🎶") == ""
    assert len(text.normalise("word " * 10_000)) <= text.MAX_CHARS
    assert text.normalise("La vacuna contiene un microchip") == "La vacuna contiene un microchip"


def test_tokens_drop_stop_words_and_fold_plurals():
    assert text.tokens("The vaccines are killing people") == ["vaccine", "kill", "people"]


def test_map_at_k_follows_checkthat_scorer():
    qrels = trec.read_qrels(["q1 0 a 1", "q2 0 b 1", "q3 0 c 1", "q3 0 d 1"])
    run = {"q1": ["a", "x"], "q2": ["x", "b"], "q3": ["c", "y", "d"]}
    assert trec.map_at(run, qrels, 1) == (1 + 0 + 1) / 3  # q3: 1 relevant of min(2, 1)
    assert abs(trec.map_at(run, qrels, 5) - (1 + 0.5 + (1 + 2 / 3) / 2) / 3) < 1e-9
    assert trec.recall_at(run, qrels, 1) == (1 + 0 + 0.5) / 3
    assert trec.map_at({}, qrels, 5) == 0.0


def test_run_lines_round_trip():
    ranked = [("b", 0.9), ("a", 0.5)]
    lines = [trec.RunLine("q1", doc, rank, score, "t").format() for rank, (doc, score) in enumerate(ranked, 1)]
    assert lines[0].split() == ["q1", "Q0", "b", "1", "0.900000", "t"]
    assert trec.read_run(lines) == {"q1": ["b", "a"]}
