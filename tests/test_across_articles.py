"""Events reported by several articles share a cluster; copied articles are flagged."""

from datetime import date

from eventwire.dedup import link_articles
from eventwire.dedup.across import minhash, similarity
from eventwire.model import Article

REPORTS = [
    (
        "a1",
        "Somalia expels Kenyan ambassador\n\nSomalia's government expelled Kenya's ambassador on Monday, "
        "accusing Nairobi of meddling in its elections.",
    ),
    (
        "a2",
        "Mogadishu orders envoy out\n\nThe Somali government on Monday ordered the Kenyan ambassador to leave, "
        "and Somalia expelled the Kenyan ambassador within 72 hours, officials in Mogadishu said.",
    ),
    (
        "a3",
        "Diplomatic row deepens\n\nSomalia expelled the ambassador of Kenya on Monday in a row over "
        "interference, the foreign ministry said in a statement.",
    ),
    (
        "b1",
        "Somalia and Kenya hold talks\n\nSomalia's foreign minister met Kenya's foreign minister in Addis Ababa "
        "on Thursday to discuss the border.",
    ),
]


def coded(pipeline):
    articles = [Article(id=i, text=t, published=date(2021, 3, 10)) for i, t in REPORTS]
    return list(pipeline.code(articles))


def test_three_reports_of_one_event_and_one_other_event_give_two_clusters(pipeline):
    results = coded(pipeline)
    link_articles(results)
    asserted = [(r.article.id, e) for r in results for e in r.events if e.modality == "asserted"]
    expulsions = {e.cluster_id for _, e in asserted if e.category == "SANCTION"}
    talks = {e.cluster_id for _, e in asserted if e.category == "CONSULT"}
    assert len(expulsions) == 1 and len(talks) == 1 and expulsions != talks
    expulsion = next(e for _, e in asserted if e.category == "SANCTION")
    assert expulsion.cluster_articles == ["a1", "a2", "a3"]


def test_copied_article_is_flagged_and_rewritten_one_is_not(pipeline):
    original = REPORTS[0][1] + " The ministry said the ambassador had 72 hours to leave the country."
    copy = original.replace("Monday", "Monday,")
    results = list(
        pipeline.code([Article(id="o", text=original), Article(id="c", text=copy), Article(id="r", text=REPORTS[2][1])])
    )
    link_articles(results)
    assert [r.duplicate_of for r in results] == [None, "o", None]


def test_minhash_estimates_overlap():
    text = "the army shelled the town on monday and the rebels withdrew to the hills before dawn"
    assert similarity(minhash(text), minhash(text)) == 1.0
    assert similarity(minhash(text), minhash("police arrested twelve protesters in the capital on friday")) < 0.2


def test_minhash_separates_different_stories_that_share_phrasing():
    """Wire stories reuse phrases; the signature must still tell different stories apart, and copies together."""
    import itertools
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
    from corpus import generate
    from eventwire.dedup.across import minhash, similarity

    articles = generate(300, seed=11, words=200)
    signatures = [minhash(a.text) for a in articles]
    closest = max(similarity(a, b) for a, b in itertools.combinations(signatures, 2))
    assert closest < 0.5
    copy = articles[0].text + "\n\nThis story was updated with additional reporting."
    assert similarity(signatures[0], minhash(copy)) >= 0.8
