import json
from datetime import date

from eventwire.ingest import IngestError, read_input, read_inputs


def test_text_file_title_is_first_line(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("\n\nA Title Here\n\nBody sentence one.\n")
    (article,) = list(read_input(str(path), date(2024, 1, 2)))
    assert article.title == "A Title Here"
    assert article.published == date(2024, 1, 2)
    assert len(article.id) == 16


def test_same_text_same_id(tmp_path):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("Same\n\nText.")
    b.write_text("Same\n\nText.")
    assert next(read_input(str(a))).id == next(read_input(str(b))).id


def test_bad_inputs_name_the_input_and_reason(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    binary = tmp_path / "blob.txt"
    binary.write_bytes(b"\x00\x01\x02binary")
    unknown = tmp_path / "table.xlsx"
    unknown.write_text("x")
    good = tmp_path / "good.txt"
    good.write_text("Title\n\nThe army attacked the town.")
    results = list(read_inputs([str(empty), str(binary), str(unknown), str(tmp_path / "missing.txt"), str(good)]))
    errors = [r for r in results if isinstance(r, IngestError)]
    assert [e.reason.split()[0] for e in errors] == ["empty", "binary", "unknown", "no"]
    assert all(str(e).startswith(str(tmp_path)) for e in errors)
    assert results[-1].title == "Title"


def test_jsonl_bad_line_does_not_lose_good_lines(tmp_path):
    path = tmp_path / "feed.jsonl"
    lines = [
        json.dumps({"id": "x1", "text": "Police arrested two men.", "published": "2023-05-01"}),
        "{not json",
        json.dumps({"id": "x3", "title": "T"}),
        json.dumps({"id": "x4", "text": "Troops withdrew.", "published": "May 2023"}),
        json.dumps({"id": "x5", "text": "Talks began."}),
    ]
    path.write_text("\n".join(lines))
    results = list(read_input(str(path), date(2020, 1, 1)))
    assert results[0].id == "x1" and results[0].published == date(2023, 5, 1)
    assert (
        isinstance(results[1], IngestError) and results[1].origin.endswith(":2") and "invalid JSON" in results[1].reason
    )
    assert isinstance(results[2], IngestError) and "text" in results[2].reason
    assert isinstance(results[3], IngestError) and "published" in results[3].reason
    assert results[4].published == date(2020, 1, 1)


def test_html_uses_trafilatura(tmp_path):
    body = " ".join(["The defence ministry said soldiers had been deployed along the northern border."] * 6)
    html = f"""<html><head><title>Troops Deployed North</title>
    <meta property="article:published_time" content="2023-09-14"></head>
    <body><nav>Home | World</nav><article><h1>Troops Deployed North</h1><p>{body}</p></article>
    <footer>Cookie settings</footer></body></html>"""
    path = tmp_path / "page.html"
    path.write_text(html)
    (article,) = list(read_input(str(path)))
    assert "deployed along the northern border" in article.text
    assert article.title == "Troops Deployed North"
    assert article.published == date(2023, 9, 14)


def test_an_article_that_takes_too_long_is_an_error_and_the_next_goes_on(monkeypatch):
    import time

    import eventwire.pipeline as pipeline_module
    from eventwire.model import Article
    from eventwire.pipeline import Pipeline

    real = pipeline_module.resolve_actors

    def slow_for_one(doc, *args):  # type: ignore[no-untyped-def]
        if "stalls" in doc.text:
            time.sleep(5)
        return real(doc, *args)

    monkeypatch.setattr(pipeline_module, "resolve_actors", slow_for_one)
    pipeline = Pipeline(article_timeout=2)
    pipeline.code_article(Article(id="warm", text="Rebels attacked an army base near Goma."))  # lazy tables load
    articles = [
        Article(id="slow", text="This article stalls the coder.", origin="slow.txt"),
        Article(id="fine", text="Kenyan police arrested 40 protesters in Nairobi.", origin="fine.txt"),
    ]
    first, second = pipeline.code(articles)
    assert isinstance(first, IngestError) and first.origin == "slow.txt" and "timed out" in first.reason
    assert not isinstance(second, IngestError) and second.events


def _three_articles():  # type: ignore[no-untyped-def]
    from eventwire.model import Article

    return [
        Article(id="a", text="Kenyan police arrested 40 protesters in Nairobi.", origin="a.txt"),
        Article(id="b", text="Rebels poisoned the coder and attacked an army base near Goma.", origin="b.txt"),
        Article(id="c", text="Russia and China signed a trade agreement in Beijing.", origin="c.txt"),
    ]


def test_a_stage_failing_on_one_article_loses_only_that_article(monkeypatch):
    import eventwire.pipeline as pipeline_module
    from eventwire.pipeline import Pipeline

    real = pipeline_module.find_quantities

    def fails_for_one(doc):  # type: ignore[no-untyped-def]
        if "poisoned" in doc.text:
            raise RuntimeError("boom")
        return real(doc)

    monkeypatch.setattr(pipeline_module, "find_quantities", fails_for_one)
    first, second, third = Pipeline().code(_three_articles())
    assert isinstance(second, IngestError) and second.origin == "b.txt" and "RuntimeError: boom" in second.reason
    assert first.events and third.events  # both sides of the failure, in order


def test_the_classifier_failing_on_one_article_in_a_batch_loses_only_that_article():
    from eventwire.pipeline import Pipeline

    pipeline = Pipeline()
    real = pipeline.classifier.scores

    class Poisoned:  # the batch is scored in one call; a text the model chokes on must not sink the others
        labels = pipeline.classifier.labels

        def scores(self, texts):  # type: ignore[no-untyped-def]
            if any("poisoned" in t for t in texts):
                raise ValueError("model failure")
            return real(texts)

    pipeline.classifier = Poisoned()  # type: ignore[assignment]
    first, second, third = pipeline.code(_three_articles())
    assert isinstance(second, IngestError) and "classifier failed" in second.reason
    assert not isinstance(first, IngestError) and first.events
    assert not isinstance(third, IngestError) and third.events
    assert all(0 < e.confidence <= 1 for e in first.events + third.events)
