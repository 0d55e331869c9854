import bz2
import gzip
import io
import itertools
import json
import sys
import threading
import tracemalloc
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from eventwire.ingest import IngestError, SourceOptions, article_id, read_sources
from eventwire.model import Article


def split(results):
    articles = [r for r in results if isinstance(r, Article)]
    errors = [r for r in results if isinstance(r, IngestError)]
    return articles, errors


def read(*sources, **options):
    return list(read_sources([str(s) for s in sources], SourceOptions(**options)))


def page(title, sentence):
    """An article page with enough body text for trafilatura's precision mode."""
    body = " ".join(f"{sentence} Officials gave the figure at briefing number {n}." for n in range(6))
    return (
        f"<html><head><title>{title}</title></head><body><nav>Home | Politics | World</nav>"
        f"<article><h1>{title}</h1><p>{body}</p></article><footer>Subscribe to our newsletter</footer></body></html>"
    )


RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Capital Wire</title><link>https://wire.example/</link>
<description>Politics desk</description><language>en-gb</language>
<item><title>Parliament passes budget</title><link>https://wire.example/budget</link>
<pubDate>Tue, 05 Mar 2024 09:30:00 GMT</pubDate>
<description>&lt;p&gt;The parliament of Lirania &lt;b&gt;approved&lt;/b&gt; the annual budget on Tuesday.&lt;/p&gt;
&lt;p&gt;Opposition deputies walked out before the vote.&lt;/p&gt;</description></item>
<item><title>Empty item</title><link>https://wire.example/empty</link><description></description></item>
<item><title>Envoys meet</title><link>https://wire.example/envoys</link>
<pubDate>Wed, 06 Mar 2024 12:00:00 GMT</pubDate>
<description>Envoys from two neighbouring states met in Vellara to discuss the border.</description></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Harbour Times</title><id>urn:uuid:harbour</id>
<updated>2024-04-02T08:00:00Z</updated>
<entry><title>Minister resigns</title><id>urn:uuid:e1</id><link href="https://harbour.example/minister"/>
<updated>2024-04-02T08:00:00Z</updated>
<summary>Short summary.</summary>
<content type="html">&lt;p&gt;The interior minister resigned after protests in the capital.&lt;/p&gt;
&lt;script&gt;track()&lt;/script&gt;&lt;p&gt;The prime minister accepted the resignation.&lt;/p&gt;</content>
</entry></feed>"""


# ---------------------------------------------------------------- folders and globs


@pytest.fixture
def tree(tmp_path):
    root = tmp_path / "corpus"
    (root / "b_sub" / "deeper").mkdir(parents=True)
    (root / ".git").mkdir()
    (root / "a.txt").write_text("Strike Called\n\nUnions called a general strike for Monday.")
    (root / "b_sub" / "page.html").write_text(page("Cabinet Reshuffle", "The president replaced four ministers."))
    (root / "b_sub" / "deeper" / "feed.jsonl").write_text(
        json.dumps({"id": "j1", "text": "Police detained a journalist.", "published": "2024-02-01"}) + "\n"
    )
    (root / ".hidden.txt").write_text("Hidden note that must not be read.")
    (root / ".git" / "config.txt").write_text("Inside a hidden folder.")
    (root / "notes.docx").write_bytes(b"PK\x03\x04 not a known format")
    (root / "README").write_text("No suffix: skipped when walking a folder.")
    return root


def test_folder_walks_sorted_known_files_and_skips_hidden(tree):
    articles, errors = split(read(tree))
    assert errors == []
    assert [a.origin for a in articles] == [
        str(tree / "a.txt"),
        str(tree / "b_sub" / "page.html"),
        str(tree / "b_sub" / "deeper" / "feed.jsonl") + ":1",
    ]
    assert articles[0].title == "Strike Called"
    assert "replaced four ministers" in articles[1].text
    assert articles[2].id == "j1"


def test_folder_not_recursive(tree):
    articles, _ = split(read(tree, recursive=False))
    assert [a.origin for a in articles] == [str(tree / "a.txt")]


def test_empty_folder_is_an_error(tmp_path):
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / ".DS_Store").write_text("x")
    (error,) = read(tmp_path / "empty")
    assert isinstance(error, IngestError)
    assert error.origin == str(tmp_path / "empty") and "no readable files" in error.reason


def test_glob_pattern_sorted(tree):
    results = read(f"{tree}/**/*.txt", f"{tree}/**/*.html")
    articles, errors = split(results)
    assert errors == []
    assert [a.origin for a in articles] == [str(tree / "a.txt"), str(tree / "b_sub" / "page.html")]


def test_glob_matching_nothing_is_an_error(tmp_path):
    pattern = f"{tmp_path}/nothing/**/*.html"
    (error,) = read(pattern)
    assert isinstance(error, IngestError) and error.origin == pattern and "matches no files" in error.reason


# ---------------------------------------------------------------- JSON, CSV


def test_json_object_and_list(tmp_path):
    one = tmp_path / "one.json"
    one.write_text(json.dumps({"text": "The senate confirmed the new judge.", "url": "https://n.example/judge"}))
    many = tmp_path / "many.json"
    many.write_text(json.dumps([{"text": "Rebels seized a bridge."}, {"title": "no text"}, "not an object"]))
    empty = tmp_path / "empty.json"
    empty.write_text("[]")
    articles, errors = split(read(one, many, empty))
    assert articles[0].origin == str(one) and articles[0].id == article_id("", "https://n.example/judge")
    assert articles[1].origin == f"{many}:item 1"
    assert [e.origin for e in errors] == [f"{many}:item 2", f"{many}:item 3", str(empty)]
    assert "empty" in errors[2].reason


def test_csv_with_custom_columns(tmp_path):
    path = tmp_path / "wires.csv"
    path.write_text(
        "headline,body,link,day,source\n"
        'Talks collapse,"Negotiators left the capital.\nNo new date was set.",'
        "https://a.example/1,2024-05-04,Daily Ledger\n"
        "No body,,https://a.example/2,2024-05-05,Daily Ledger\n"
        "\n"
        "Bad date,Ministers met.,https://a.example/3,last week,Daily Ledger\n"
        "Troops deploy,Soldiers moved to the border.,,,\n",
        encoding="utf-8",
    )
    options = {
        "text_column": "body",
        "title_column": "headline",
        "url_column": "link",
        "date_column": "day",
        "publisher_column": "source",
        "published": date(2024, 1, 1),
    }
    articles, errors = split(read(path, **options))
    first, last = articles
    assert first.title == "Talks collapse" and first.url == "https://a.example/1"
    assert first.text.endswith("No new date was set.") and first.published == date(2024, 5, 4)
    assert first.publisher == "Daily Ledger" and first.origin == f"{path}:row 2"
    assert last.published == date(2024, 1, 1) and last.origin == f"{path}:row 6"
    assert [e.origin for e in errors] == [f"{path}:row 3", f"{path}:row 5"]
    assert "'body'" in errors[0].reason and "'day'" in errors[1].reason


def test_tsv_and_custom_delimiter_and_missing_column(tmp_path):
    tsv = tmp_path / "a.tsv"
    tsv.write_text("title\ttext\nVote\tThe assembly voted to dissolve itself.\n")
    semi = tmp_path / "b.csv"
    semi.write_text("title;text\nRally;Thousands rallied outside the ministry.\n")
    wrong = tmp_path / "c.csv"
    wrong.write_text("title,content\nX,Y\n")
    (tsv_article,) = read(tsv)
    assert tsv_article.title == "Vote"
    (semi_article,) = read(semi, delimiter=";")
    assert semi_article.text == "Thousands rallied outside the ministry."
    (error,) = read(wrong)
    assert error.origin == str(wrong) and "no 'text' column" in error.reason and "'content'" in error.reason


def test_csv_undecodable_line_does_not_lose_other_rows(tmp_path):
    path = tmp_path / "mixed.csv"
    path.write_bytes(b"text\nThe mayor resigned.\nCaf\xe9 owners protested taxes.\nThe court adjourned.\n")
    articles, errors = split(read(path))
    assert [a.text for a in articles] == ["The mayor resigned.", "The court adjourned."]
    (error,) = errors
    assert error.origin == f"{path}:line 3" and "UTF-8" in error.reason


# ---------------------------------------------------------------- feeds


def test_rss_file(tmp_path):
    path = tmp_path / "wire.rss"
    path.write_text(RSS)
    results = read(path)
    budget, empty, envoys = results
    assert budget.title == "Parliament passes budget" and budget.url == "https://wire.example/budget"
    assert budget.published == date(2024, 3, 5) and budget.publisher == "Capital Wire"
    assert budget.text == "The parliament of Lirania approved the annual budget on Tuesday.\n\n" + (
        "Opposition deputies walked out before the vote."
    )
    assert budget.origin == f"{path}#entry 1" and budget.id == article_id("", "https://wire.example/budget")
    assert isinstance(empty, IngestError) and empty.origin == f"{path}#entry 2" and "no content" in empty.reason
    assert envoys.origin == f"{path}#entry 3" and "Vellara" in envoys.text


def test_atom_file_and_xml_that_is_not_a_feed(tmp_path):
    atom = tmp_path / "harbour.atom"
    atom.write_text(ATOM)
    sitemap = tmp_path / "sitemap.xml"
    sitemap.write_text("<urlset><url><loc>https://x.example/</loc></url></urlset>")
    entry, error = read(atom, sitemap)
    assert entry.title == "Minister resigns" and entry.url == "https://harbour.example/minister"
    assert entry.published == date(2024, 4, 2)
    assert "resigned after protests" in entry.text and "track()" not in entry.text and "<p>" not in entry.text
    assert isinstance(error, IngestError) and error.origin == str(sitemap) and "not an RSS or Atom feed" in error.reason


@pytest.fixture
def http_server():
    pages = {"/feed.rss": RSS.encode("utf-8")}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            body = pages.get(self.path)
            self.send_response(200 if body else 404)
            self.send_header("Content-Type", "application/rss+xml")
            self.end_headers()
            self.wfile.write(body or b"not here")

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_feed_url_from_local_server(http_server):
    url = f"{http_server}/feed.rss"
    missing = f"{http_server}/gone.rss"
    articles, errors = split(read(url, missing))
    assert [a.origin for a in articles] == [f"{url}#entry 1", f"{url}#entry 3"]
    assert articles[0].url == "https://wire.example/budget"
    assert [e.origin for e in errors] == [f"{url}#entry 2", missing]
    assert "404" in errors[1].reason


def test_unreachable_url_is_an_error():
    url = "http://127.0.0.1:9/feed.rss"  # the discard port: nothing listens there
    (error,) = read(url)
    assert isinstance(error, IngestError) and error.origin == url and "cannot fetch" in error.reason


# ---------------------------------------------------------------- web archives


def write_warc(stream, gzipped, pages):
    writer = WARCWriter(stream, gzip=gzipped)
    for uri, content_type, body in pages:
        headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
        writer.write_record(
            writer.create_warc_record(
                uri,
                "response",
                payload=io.BytesIO(body if isinstance(body, bytes) else body.encode()),
                http_headers=headers,
            )
        )
    request = writer.create_warc_record(
        pages[0][0], "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n"), warc_headers_dict={}
    )
    writer.write_record(request)


CRAWL = [
    ("https://news.example/coup", "text/html; charset=utf-8", page("Coup Attempt", "Soldiers surrounded the palace.")),
    ("https://news.example/data.json", "application/json", b'{"text": "not an article"}'),
]


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz", "crawl.warc.bz2"])
def test_warc_only_html_responses_become_articles(tmp_path, name):
    path = tmp_path / name
    buffer = io.BytesIO()
    write_warc(buffer, name.endswith(".gz"), CRAWL)
    data = buffer.getvalue()
    path.write_bytes(bz2.compress(data) if name.endswith(".bz2") else data)
    (article,) = read(path)
    assert isinstance(article, Article)
    assert article.url == "https://news.example/coup"
    assert article.id == article_id("", "https://news.example/coup")
    assert "surrounded the palace" in article.text
    assert article.origin == f"{path}@0"


def test_warc_in_one_gzip_stream(tmp_path):
    buffer = io.BytesIO()
    second = ("https://news.example/vote", "text/html", page("Vote Delayed", "The election board delayed the vote."))
    write_warc(buffer, False, [CRAWL[0], second])
    path = tmp_path / "whole.warc.gz"
    path.write_bytes(gzip.compress(buffer.getvalue()))  # not per-record gzip, as `gzip crawl.warc` makes
    articles, errors = split(read(path))
    assert errors == []
    assert [a.url for a in articles] == ["https://news.example/coup", "https://news.example/vote"]


def test_broken_warc_record_is_reported_and_later_records_read(tmp_path):
    good = io.BytesIO()
    write_warc(good, False, [CRAWL[0]])
    later = io.BytesIO()
    write_warc(later, False, [("https://news.example/vote", "text/html", page("Vote", "The board delayed the vote."))])
    garbage = b"THIS IS NOT A WARC HEADER\r\nrandom: bytes\r\n\r\n"
    path = tmp_path / "damaged.warc"
    path.write_bytes(good.getvalue() + garbage + later.getvalue())
    broken_at = len(good.getvalue())
    results = read(path)
    first, error, second = results
    assert first.url == "https://news.example/coup"
    assert isinstance(error, IngestError) and error.origin == f"{path}@{broken_at}" and "broken record" in error.reason
    assert second.url == "https://news.example/vote"
    assert second.origin == f"{path}@{broken_at + len(garbage)}"


def test_broken_gzip_member_in_warc_gz(tmp_path):
    first, second = io.BytesIO(), io.BytesIO()
    write_warc(first, True, [CRAWL[0]])
    write_warc(second, True, [("https://news.example/vote", "text/html", page("Vote", "The board delayed the vote."))])
    damaged = bytearray(first.getvalue())
    damaged[40:60] = b"\x00" * 20  # inside the first member's deflate data
    path = tmp_path / "damaged.warc.gz"
    path.write_bytes(bytes(damaged) + second.getvalue())
    articles, errors = split(read(path))
    assert [a.url for a in articles] == ["https://news.example/vote"]
    assert errors and errors[0].origin == f"{path}@0"


def test_arc_file(tmp_path):
    body = b"HTTP/1.0 200 OK\r\nContent-Type: text/html\r\n\r\n" + page(
        "Ceasefire Holds", "The ceasefire held for a third day."
    ).encode("utf-8")
    description = b"1 0 Crawl\nURL IP-address Archive-date Content-type Archive-length\n"
    arc = (
        b"filedesc://crawl.arc 0.0.0.0 20240102000000 text/plain %d\n" % len(description)
        + description
        + b"\n"
        + b"https://news.example/ceasefire 10.0.0.1 20240102000000 text/html %d\n" % len(body)
        + body
        + b"\n"
    )
    path = tmp_path / "crawl.arc"
    path.write_bytes(arc)
    (article,) = read(path)
    assert article.url == "https://news.example/ceasefire" and "third day" in article.text
    assert article.origin.startswith(f"{path}@")


# ---------------------------------------------------------------- compression


def test_compressed_variants(tmp_path):
    jsonl = tmp_path / "feed.jsonl.gz"
    jsonl.write_bytes(gzip.compress(b'{"text": "The governor declared an emergency."}\n'))
    html = tmp_path / "page.html.bz2"
    html.write_bytes(bz2.compress(page("Border Closed", "The border was closed overnight.").encode()))
    text = tmp_path / "note.txt.gz"
    text.write_bytes(gzip.compress(b"Sanctions\n\nThe council imposed sanctions."))
    articles, errors = split(read(jsonl, html, text))
    assert errors == []
    assert [a.origin for a in articles] == [f"{jsonl}:1", str(html), str(text)]
    assert "closed overnight" in articles[1].text and articles[2].title == "Sanctions"


def test_corrupt_compressed_streams_name_the_input(tmp_path):
    lines = b"".join(b'{"text": "Delegates arrived for round %d of talks."}\n' % n for n in range(2000))
    truncated = tmp_path / "cut.jsonl.gz"
    truncated.write_bytes(gzip.compress(lines)[:-400])
    fake = tmp_path / "fake.txt.gz"
    fake.write_bytes(b"this was never gzipped")
    bad_bz2 = tmp_path / "bad.csv.bz2"
    bad_bz2.write_bytes(b"BZh9 broken")
    articles, errors = split(read(truncated, fake, bad_bz2))
    assert 0 < len(articles) < 2000
    cut, not_gzip, not_bz2 = errors
    assert cut.origin.startswith(f"{truncated}:") and "gzip" in cut.reason
    assert not_gzip.origin == str(fake) and "gzip" in not_gzip.reason
    assert not_bz2.origin.startswith(str(bad_bz2)) and "bz2" in not_bz2.reason


# ---------------------------------------------------------------- stdin and bad inputs


def test_stdin_text_and_jsonl(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"\nTruce\n\nBoth sides agreed a truce.\n")))
    (text,) = read("-")
    assert text.title == "Truce" and text.origin == "-"
    lines = b'\n{"text": "The envoy arrived."}\n{broken\n'
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(lines)))
    article, error = read("-")
    assert article.origin == "-:2" and article.text == "The envoy arrived."
    assert isinstance(error, IngestError) and error.origin == "-:3" and "invalid JSON" in error.reason


def test_every_bad_input_names_itself_and_the_rest_go_on(tmp_path):
    missing = tmp_path / "missing.txt"
    unknown = tmp_path / "table.xlsx"
    unknown.write_bytes(b"x")
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Caf\xe9 talks".encode("latin-1"))
    big = tmp_path / "big.txt"
    big.write_text("Long report. " * 100)
    good = tmp_path / "good.txt"
    good.write_text("Accord\n\nThe two parties signed an accord.")
    results = read(missing, unknown, latin, big, good, max_bytes=1000)
    *errors, article = results
    assert [e.origin for e in errors] == [str(missing), str(unknown), str(latin), str(big)]
    reasons = [e.reason for e in errors]
    assert "no such file" in reasons[0]
    assert "unknown extension '.xlsx'" in reasons[1]
    assert "not UTF-8" in reasons[2]
    assert "too large" in reasons[3]
    assert article.title == "Accord"


# ---------------------------------------------------------------- streaming


class CountingReader(io.RawIOBase):
    """A file wrapper that counts the bytes handed out."""

    def __init__(self, raw):
        self.raw = raw
        self.count = 0

    def readable(self):
        return True

    def readinto(self, buffer):
        data = self.raw.read(len(buffer))
        buffer[: len(data)] = data
        self.count += len(data)
        return len(data)


@pytest.fixture
def big_jsonl_gz(tmp_path):
    path = tmp_path / "big.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as out:
        for n in range(50_000):
            record = {"id": f"r{n}", "text": f"Report {n}: the ministry of district {n % 97} announced new curfews."}
            out.write(json.dumps(record) + "\n")
    with gzip.open(path, "rb") as stream:
        size = sum(len(line) for line in stream)
    return path, size


def test_jsonl_gz_is_read_lazily(big_jsonl_gz, monkeypatch):
    path, size = big_jsonl_gz
    counters = []
    real_open = gzip.open

    def counting_open(filename, mode="rb", *args, **kwargs):
        counter = CountingReader(real_open(filename, mode, *args, **kwargs))
        counters.append(counter)
        return io.BufferedReader(counter)

    monkeypatch.setattr(gzip, "open", counting_open)
    first = list(itertools.islice(read_sources([str(path)], SourceOptions()), 3))
    assert [a.id for a in first] == ["r0", "r1", "r2"]
    (counter,) = counters
    assert counter.count < size / 20  # a few buffers, not the 4+ MB file


def test_jsonl_gz_memory_stays_flat(big_jsonl_gz):
    path, size = big_jsonl_gz
    tracemalloc.start()
    try:
        count = 0
        for item in read_sources([str(path)], SourceOptions()):
            assert isinstance(item, Article)
            count += 1
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == 50_000
    assert peak < size / 10
