"""Make a synthetic corpus of political news for the benchmark.

Each article is ~`words` words of prose composed from the sentence templates in
`bench/data/templates.tsv`, filled with countries (`countries.tsv`), invented
people and groups, numbers and dates (`vocab.tsv`). One article keeps one cast
(two or three countries, three people, an armed group, a party, an
organisation), so names recur the way they do in real reporting and coreference,
quotes and actor resolution get real work. Some articles are saved "as a
scraper would": the title repeated, a sentence broken across a blank line and a
footer of page furniture, so the cleaning stage is exercised too.

The same seed always gives the same corpus: every draw comes from one
`random.Random(seed)`, and nothing iterates over a set or a hash-ordered object.

    python bench/corpus.py --articles 200 --seed 0 --out corpus.jsonl
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import random
import re
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"

try:
    from eventwire.model import Article
except ModuleNotFoundError:  # a checkout without `pip install -e .`: use the source tree
    sys.path.insert(0, str(ROOT / "src"))
    from eventwire.model import Article

SLOT = re.compile(r"\{(\w+)(?::([ABC]))?\}")
NUMBER_WORDS = ("two", "three", "four", "five", "six", "seven", "eight", "nine")
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
# Share of body sentences of each kind; events dominate, as in real reporting.
KIND_WEIGHTS = {"event": 38, "quote": 16, "statement": 14, "background": 14, "negative": 10, "future": 8}
FIRST_DAY = date(2018, 1, 1)
SPAN_DAYS = 7 * 365
MAX_DEPTH = 8
PEOPLE = ("P1", "P1_last", "P2", "P2_last", "P3", "P3_last")


@dataclass(frozen=True, slots=True)
class Country:
    name: str
    demonym: str
    capital: str
    city: str
    region: str


@dataclass(frozen=True, slots=True)
class Grammar:
    templates: dict[str, list[str]]
    vocab: dict[str, list[str]]
    countries: list[Country]


def _rows(path: Path) -> Iterable[dict[str, str]]:
    """Rows of a TSV with a header; `#` lines are comments."""
    with path.open(encoding="utf-8", newline="") as f:
        lines = [line for line in f if line.strip() and not line.startswith("#")]
    yield from csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)


def _group(rows: Iterable[dict[str, str]], key: str, value: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for row in rows:
        out.setdefault(row[key], []).append(row[value])
    return out


@cache
def load_grammar(data: Path = DATA) -> Grammar:
    countries = [Country(**row) for row in _rows(data / "countries.tsv")]
    return Grammar(
        templates=_group(_rows(data / "templates.tsv"), "kind", "template"),
        vocab=_group(_rows(data / "vocab.tsv"), "slot", "value"),
        countries=countries,
    )


class Writer:
    """Fills templates for one article: one cast, one publication date, one random stream."""

    def __init__(self, grammar: Grammar, rng: random.Random, published: date) -> None:
        self.g, self.rng, self.published = grammar, rng, published
        self.dynamic: dict[str, Callable[[], str]] = {
            "n_small": lambda: str(rng.randint(2, 60)),
            "n_mid": lambda: str(rng.randint(60, 950)),
            "n_big": lambda: f"{rng.randint(1, 95) * 1000 + rng.choice((0, 0, 500)):,}",
            "n_word": lambda: rng.choice(NUMBER_WORDS),
            "pct": lambda: str(rng.randint(12, 68)),
            "money": self._money,
            "weekday": lambda: WEEKDAYS[(published - timedelta(days=rng.randint(1, 6))).weekday()],
            "date_abs": self._date_abs,
            "month_past": lambda: MONTHS[(published.month - 1 - rng.randint(2, 10)) % 12],
            "year_past": lambda: str(published.year - rng.randint(2, 15)),
            "ago": lambda: f"{rng.choice(NUMBER_WORDS)} {rng.choice(('years', 'months', 'weeks'))} ago",
        }
        self.mentioned: list[str] = []  # people already named in full in this article
        self.cast = self._cast()

    def _money(self) -> str:
        if self.rng.random() < 0.15:
            return f"${self.rng.choice(('1', '1.5', '2', '3.2', '4'))} billion"
        amount = self.rng.choice((5, 12, 20, 45, 60, 100, 150, 250, 400, 750))
        return self.rng.choice((f"${amount} million", f"{amount} million euros"))

    def _date_abs(self) -> str:
        day = self.published - timedelta(days=self.rng.randint(1, 40))
        return f"on {MONTHS[day.month - 1]} {day.day}"

    def _person(self, region: str) -> tuple[str, str]:
        first = self.rng.choice(self.g.vocab[f"first_{region}"])
        last = self.rng.choice(self.g.vocab[f"last_{region}"])
        return f"{first} {last}", last

    def _cast(self) -> dict[str, str]:
        cast: dict[str, str] = {}
        for key, c in zip("ABC", self.rng.sample(self.g.countries, 3), strict=True):
            cast |= {key: c.name, f"{key}_dem": c.demonym, f"{key}_cap": c.capital, f"{key}_city": c.city}
            cast[f"_{key}_region"] = c.region
        for key, country in (("P1", "A"), ("P2", "B"), ("P3", "A")):
            name, last = self._person(cast[f"_{country}_region"])
            office = "" if key == "P3" else self.rng.choice(self.g.vocab["office"]) + " "
            cast |= {key: office + name, f"{key}_last": last}
        cast["G"] = self.render("{group}", cast)
        cast["PARTY"] = self.render("{party}", cast)
        cast["ORG"] = self.render("{org}", cast)
        cast["P3_role"] = self.render("{p3_role}", cast)
        return cast

    def _person_mention(self, key: str, cast: dict[str, str]) -> str:
        """Full title and name at first mention, mostly the surname after, as reporters write."""
        if key not in self.mentioned:
            self.mentioned.append(key)
            return cast[key]
        return cast[f"{key}_last"] if self.rng.random() < 0.8 else cast[key]

    def render(self, template: str, cast: dict[str, str] | None = None, depth: int = 0) -> str:
        """Fill every {slot}; a value drawn from the vocabulary may hold slots of its own."""
        cast = self.cast if cast is None else cast
        if depth > MAX_DEPTH:
            raise ValueError(f"template slots nest too deep: {template!r}")
        return SLOT.sub(lambda m: self._fill(m.group(1), m.group(2), cast, depth), template)

    def _fill(self, name: str, bound: str | None, cast: dict[str, str], depth: int) -> str:
        if bound:  # {gov:A}: a pool whose {X...} slots stand for country A
            value = self.rng.choice(self.g.vocab[name]).replace("{X", "{" + bound)
            return self.render(value, cast, depth + 1)
        if name in PEOPLE:
            return self._person_mention(name.removesuffix("_last"), cast)
        if name in cast:
            return cast[name]
        if name in self.dynamic:
            return self.dynamic[name]()
        if name in self.g.vocab:
            return self.render(self.rng.choice(self.g.vocab[name]), cast, depth + 1)
        raise KeyError(f"unknown template slot {{{name}}}")

    def sentence(self, kind: str, used: set[str]) -> str:
        """One sentence of a kind, preferring templates this article has not used yet."""
        pool = self.g.templates[kind]
        fresh = [t for t in pool if t not in used] or pool
        template = self.rng.choice(fresh)
        used.add(template)
        return _capitalise(self.render(template))


def _capitalise(text: str) -> str:
    """Upper-case the first letter, also after an opening quote ("the Philippines" starting a sentence)."""
    for i, ch in enumerate(text):
        if ch.isalpha():
            return text[:i] + ch.upper() + text[i + 1 :]
    return text


def _word_count(text: str) -> int:
    return len(text.split())


def _dateline(w: Writer) -> str:
    country = w.cast["A"].removeprefix("the ")
    capital = w.cast["A_cap"]
    return f"{capital.upper()}, {country} (Wire) — " if capital != country else f"{capital.upper()} (Wire) — "


def _body(w: Writer, budget: int) -> list[str]:
    """Paragraphs of 1–3 sentences until the budget of words is (just about) spent."""
    used: set[str] = set()
    paragraphs = [_dateline(w) + w.sentence("lead", used)]
    count = _word_count(paragraphs[0])
    kinds, weights = list(KIND_WEIGHTS), list(KIND_WEIGHTS.values())
    while count < budget - 12:  # stop within half a sentence of the target
        sentences = []
        for _ in range(w.rng.randint(1, 3)):
            sentences.append(w.sentence(w.rng.choices(kinds, weights)[0], used))
            count += _word_count(sentences[-1])
            if count >= budget - 12:
                break
        paragraphs.append(" ".join(sentences))
    return paragraphs


def _break_a_sentence(paragraphs: list[str], rng: random.Random) -> None:
    """Split one long paragraph mid-sentence across a blank line, as scraped pages often do."""
    long = [i for i, p in enumerate(paragraphs[1:], 1) if _word_count(p) >= 14]
    if not long:
        return
    i = rng.choice(long)
    words = paragraphs[i].split(" ")
    cut = rng.randint(6, len(words) - 4)
    paragraphs[i : i + 1] = [" ".join(words[:cut]), " ".join(words[cut:])]


def _footer(w: Writer) -> list[str]:
    pool = w.g.vocab["furniture"]
    return [w.render(line) for line in w.rng.sample(pool, w.rng.randint(2, 5))]


def _article(g: Grammar, rng: random.Random, seed: int, index: int, words: int, scraped: float) -> Article:
    published = FIRST_DAY + timedelta(days=rng.randrange(SPAN_DAYS))
    w = Writer(g, rng, published)
    title = _capitalise(w.sentence("title", set()))
    noisy = rng.random() < scraped
    head = [title] * rng.randint(1, 2) if noisy else []
    foot = _footer(w) if noisy else []
    budget = words - sum(_word_count(p) for p in head + foot)
    paragraphs = _body(w, budget)
    if noisy:
        _break_a_sentence(paragraphs, rng)
    text = "\n\n".join(head + paragraphs + foot) + "\n"
    return Article(
        id=f"bench-{seed}-{index:06d}",
        text=text,
        title=title,
        publisher="Wire (synthetic)",
        published=published,
        raw_sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        origin=f"bench/corpus.py seed={seed} #{index}",
    )


def generate(n: int, seed: int = 0, words: int = 500, *, scraped: float = 0.3) -> list[Article]:
    """`n` articles of about `words` words each; the same arguments always give the same articles.

    `scraped` is the share of articles saved with page noise (repeated title, a broken sentence, a footer).
    """
    if n < 0 or words < 50:
        raise ValueError("need n >= 0 and words >= 50")
    grammar = load_grammar()
    rng = random.Random(seed)
    return [_article(grammar, rng, seed, i, words, scraped) for i in range(n)]


def to_json(article: Article) -> dict[str, str | None]:
    published = article.published.isoformat() if article.published else None
    return {"id": article.id, "title": article.title, "text": article.text, "published": published}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write a synthetic political-news corpus as JSON Lines.")
    parser.add_argument("--articles", "-n", type=int, default=200, help="how many articles (default 200)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument("--words", type=int, default=500, help="words per article (default 500)")
    parser.add_argument("--scraped", type=float, default=0.3, help="share of articles with page noise (default 0.3)")
    parser.add_argument("--out", "-o", default="-", help="output .jsonl path, '-' for stdout (default)")
    args = parser.parse_args(argv)
    articles = generate(args.articles, args.seed, args.words, scraped=args.scraped)
    lines = "".join(json.dumps(to_json(a), ensure_ascii=False) + "\n" for a in articles)
    if args.out == "-":
        sys.stdout.write(lines)
    else:
        Path(args.out).parent.mkdir(parents=True, exist_ok=True)
        Path(args.out).write_text(lines, encoding="utf-8")
        print(f"wrote {len(articles)} articles to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
