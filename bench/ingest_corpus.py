"""Write a corpus *folder* the way users have them, for the ingest tests and the memory benchmark.

Articles from `corpus.generate`, of varied sizes, saved as a mix of .txt, .html, .jsonl (many
articles per file) and .csv; plus exact copies under other names, near-copies (the same story
with a different footer line), and broken files (empty, binary, not UTF-8, a bad JSON line,
an unknown extension). The manifest says how many of each, so a test can check the counts.

    python bench/ingest_corpus.py --articles 2000 --out /tmp/corpus
"""

from __future__ import annotations

import argparse
import csv
import html
import json
import random
from dataclasses import asdict, dataclass
from pathlib import Path

from corpus import generate, to_json
from eventwire.model import Article


@dataclass(slots=True)
class Manifest:
    articles: int = 0  # distinct articles that should be coded
    exact_copies: int = 0  # the same text again under another name: skipped as a duplicate
    near_copies: int = 0  # the same story with a different footer: skipped as a duplicate
    broken: int = 0  # inputs that must fail with a reason

    @property
    def read(self) -> int:
        return self.articles + self.exact_copies + self.near_copies + self.broken


def write_corpus(folder: Path, n: int, seed: int = 0, words: tuple[int, int] = (60, 400)) -> Manifest:
    """`n` distinct articles (sizes drawn between `words`), with ~3 % exact and ~2 % near copies, and broken files."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    articles = _varied_articles(n, seed, words, rng)
    manifest = Manifest(articles=len(articles))
    jsonl: list[Article] = []
    rows: list[Article] = []
    for index, article in enumerate(articles):
        kind = rng.choices(["txt", "html", "jsonl", "csv"], weights=[55, 15, 20, 10])[0]
        if kind == "jsonl":
            jsonl.append(article)
        elif kind == "csv":
            rows.append(article)
        else:
            _write_single(folder / f"{index:05d}.{kind}", article, kind)
        if kind == "html":
            continue  # a copy of a page's text is not the page: copies are made of plain-text articles only
        if rng.random() < 0.03:
            (folder / f"{index:05d}-copy.txt").write_text(article.text, encoding="utf-8")
            manifest.exact_copies += 1
        elif rng.random() < 0.02 and len(article.text.split()) >= 150:  # MinHash is unsure on very short texts
            near = article.text.rstrip() + "\n\nThis story was updated with additional reporting.\n"
            (folder / f"{index:05d}-update.txt").write_text(near, encoding="utf-8")
            manifest.near_copies += 1
    _write_jsonl_files(folder, jsonl, rng, manifest)
    _write_csv(folder / "wires.csv", rows)
    manifest.broken += _write_broken(folder, max(5, n // 100))
    (folder.parent / f"{folder.name}.manifest.json").write_text(json.dumps(asdict(manifest)), encoding="utf-8")
    return manifest


def _varied_articles(n: int, seed: int, words: tuple[int, int], rng: random.Random) -> list[Article]:
    """Article sizes spread over the range: generate a few at each size."""
    sizes = sorted(rng.randint(*words) for _ in range(n))
    articles: list[Article] = []
    for start in range(0, n, 50):
        chunk = sizes[start : start + 50]
        for article in generate(len(chunk), seed=seed * 10_000 + start, words=max(50, chunk[len(chunk) // 2])):
            article.text = article.text.replace("\r", "")
            articles.append(article)
    rng.shuffle(articles)
    return articles


def _write_single(path: Path, article: Article, kind: str) -> None:
    if kind == "txt":
        path.write_text(article.text, encoding="utf-8")
        return
    paragraphs = "".join(f"<p>{html.escape(p)}</p>\n" for p in article.text.split("\n\n")[1:] if p.strip())
    published = article.published.isoformat() if article.published else ""
    path.write_text(
        f"<!doctype html><html><head><title>{html.escape(article.title or '')}</title>"
        f'<meta property="article:published_time" content="{published}"></head>'
        f"<body><nav>Home | World | Politics</nav><article><h1>{html.escape(article.title or '')}</h1>\n"
        f"{paragraphs}</article><footer>All rights reserved.</footer></body></html>\n",
        encoding="utf-8",
    )


def _write_jsonl_files(folder: Path, articles: list[Article], rng: random.Random, manifest: Manifest) -> None:
    for number, start in enumerate(range(0, len(articles), 40)):
        lines = [json.dumps(to_json(a), ensure_ascii=False) for a in articles[start : start + 40]]
        if number == 0 and lines:
            lines.insert(rng.randrange(len(lines)), '{"id": "broken", "text": ')  # a truncated line
            manifest.broken += 1
        (folder / f"feed-{number:03d}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")


def _write_csv(path: Path, articles: list[Article]) -> None:
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["id", "title", "published", "text"])
        for a in articles:
            writer.writerow([a.id, a.title, a.published.isoformat() if a.published else "", a.text])


def _write_broken(folder: Path, count: int) -> int:
    """Inputs that must each fail with a reason: empty, binary, not UTF-8, an unknown extension."""
    makers = [
        lambda p: p.with_suffix(".txt").write_text(""),
        lambda p: p.with_suffix(".txt").write_bytes(b"\x00\x01\x02\x03 binary \x00"),
        lambda p: p.with_suffix(".txt").write_bytes("Title\n\nThe minister resigned.".encode("utf-16")),
        lambda p: p.with_suffix(".html").write_text("<html><head><script>var x;</script></head><body></body></html>"),
    ]
    for i in range(count):
        makers[i % len(makers)](folder / f"broken-{i:03d}")
    return count


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write a folder corpus with copies and broken files.")
    parser.add_argument("--articles", "-n", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--min-words", type=int, default=60)
    parser.add_argument("--max-words", type=int, default=400)
    parser.add_argument("--out", "-o", type=Path, required=True)
    args = parser.parse_args(argv)
    manifest = write_corpus(args.out, args.articles, args.seed, (args.min_words, args.max_words))
    print(json.dumps(asdict(manifest) | {"read": manifest.read}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
