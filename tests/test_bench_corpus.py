"""The benchmark corpus generator and the packaged sample articles."""

from __future__ import annotations

import csv
import importlib.util
import re
import sys
from datetime import date
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "src" / "eventwire" / "data" / "samples"
SAMPLE_FILES = sorted(SAMPLES.glob("*.txt"))


def _load_corpus():
    """bench/ is not a package: load bench/corpus.py by path."""
    spec = importlib.util.spec_from_file_location("bench_corpus", ROOT / "bench" / "corpus.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses need the module registered
    spec.loader.exec_module(module)
    return module


corpus = _load_corpus()


def test_same_seed_same_corpus():
    a = corpus.generate(15, seed=7)
    b = corpus.generate(15, seed=7)
    assert [(x.id, x.title, x.text, x.published) for x in a] == [(x.id, x.title, x.text, x.published) for x in b]


def test_different_seed_different_corpus():
    a = corpus.generate(5, seed=1)
    b = corpus.generate(5, seed=2)
    assert [x.text for x in a] != [x.text for x in b]


@pytest.mark.parametrize("n", [0, 1, 37])
def test_requested_count_and_unique_ids(n):
    articles = corpus.generate(n, seed=3)
    assert len(articles) == n
    assert len({a.id for a in articles}) == n


@pytest.mark.parametrize("words", [500, 250])
def test_about_the_requested_words(words):
    counts = [len(a.text.split()) for a in corpus.generate(60, seed=11, words=words)]
    assert all(0.9 * words <= c <= 1.1 * words for c in counts), (min(counts), max(counts))


def test_articles_are_filled_prose():
    for a in corpus.generate(80, seed=5):
        assert "{" not in a.text and "}" not in a.text  # every template slot was filled
        assert a.title and a.published and a.raw_sha256
        assert "(Wire) —" in a.text  # a dateline opens the story
        paragraphs = [p for p in a.text.split("\n\n") if p.strip()]
        assert len(paragraphs) >= 6
        sentences = re.findall(r"[.!?][\"”]?(?:\s|$)", a.text)
        assert len(sentences) >= 15


def test_articles_vary():
    articles = corpus.generate(40, seed=9)
    first_sentences = {a.text.split("(Wire) —", 1)[1][:60] for a in articles}
    assert len(first_sentences) >= 30
    assert len({a.published for a in articles}) >= 30
    text = " ".join(a.text for a in articles)
    assert '"' in text  # direct quotes
    assert re.search(r"\b(did not|has not|never|failed to|denied)\b", text)  # negated statements
    assert re.search(r"\d{1,3},\d{3}", text)  # large numbers


def test_some_articles_carry_page_noise():
    articles = corpus.generate(50, seed=4, scraped=0.5)
    noisy = [a for a in articles if a.text.startswith(a.title + "\n")]
    assert 10 <= len(noisy) <= 40
    clean = corpus.generate(20, seed=4, scraped=0.0)
    assert not any(a.text.startswith(a.title + "\n") for a in clean)


def test_cli_writes_jsonl(tmp_path):
    import json

    out = tmp_path / "c.jsonl"
    assert corpus.main(["--articles", "4", "--seed", "2", "--out", str(out)]) == 0
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 4
    assert set(rows[0]) == {"id", "title", "text", "published"}
    assert date.fromisoformat(rows[0]["published"])


# --- the packaged sample articles -------------------------------------------------------------


def _published() -> dict[str, str]:
    lines = [line for line in (SAMPLES / "published.tsv").read_text(encoding="utf-8").splitlines()]
    rows = csv.DictReader([line for line in lines if line and not line.startswith("#")], delimiter="\t")
    return {row["file"]: row["published"] for row in rows}


def test_six_samples_each_with_a_date():
    assert len(SAMPLE_FILES) == 6
    published = _published()
    assert sorted(published) == [p.name for p in SAMPLE_FILES]
    for value in published.values():
        assert date(2000, 1, 1) < date.fromisoformat(value) < date(2030, 1, 1)


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.name)
def test_sample_reads_as_an_article(path):
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    title = lines[0]
    assert title.strip() and len(title) < 120 and not title.endswith(".")
    assert 250 <= len(text.split()) <= 500
    paragraphs = [p for p in re.split(r"\n\s*\n", text) if len(p.split()) >= 20]
    assert len(paragraphs) >= 6  # several real paragraphs, not one block
    assert re.search(r"^[A-Z][A-Z .'-]+(, [A-Za-z ]+)? \(Wire\) —", text, re.M)  # a dateline
    assert re.search(r"“|\"", text) and re.search(r"\bsaid\b", text)  # a quote and a speaker
    assert re.search(r"\b\d[\d,]*\b", text)  # numbers
    assert re.search(r"\b(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|last month|ago)\b", text)
    assert re.search(r"Share this:|Leave a Reply|Read more|cookies", text)  # scraped page furniture
