"""The dashboard in a real headless Chromium, over a real server and a database holding the reference article."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path
from urllib.parse import urlparse

import httpx
import pytest

from eventwire.ingest import IngestError, read_input
from serving import fill_database, running_server

CHROMIUM = Path("/usr/bin/chromium")
REFERENCE = Path(__file__).resolve().parents[1].parent / "shared" / "examples" / "niger_us_cooperation.txt"
SCREENSHOT_COPY = Path("/tmp/eventwire-dashboard.png")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
ARGS += ["--disable-sync", "--no-first-run"]
VIEWS = ("timeline", "network", "map", "top-actors", "event-table")


@pytest.fixture(scope="module")
def base_url(tmp_path_factory, pipeline):
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: install Debian's chromium to run the dashboard test")
    if not REFERENCE.exists():
        pytest.skip(f"the reference article {REFERENCE} is not present")
    articles = [a for a in read_input(str(REFERENCE), date(2024, 3, 17)) if not isinstance(a, IngestError)]
    folder = tmp_path_factory.mktemp("dashboard")
    fill_database(folder / "events.duckdb", pipeline.code, articles)
    with running_server(folder / "events.duckdb", folder) as base:
        yield base


@pytest.fixture(scope="module")
def api(base_url):
    with httpx.Client(base_url=base_url, timeout=30) as client:
        yield client


@pytest.fixture
def page(base_url):
    from playwright.sync_api import sync_playwright

    attempted: list[str] = []

    def only_loopback(route) -> None:
        host = urlparse(route.request.url).hostname or ""
        if route.request.url.startswith("data:") or host in ("127.0.0.1", "localhost", "::1"):
            route.continue_()
        else:
            attempted.append(route.request.url)
            route.abort()

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        context = browser.new_context(viewport={"width": 1500, "height": 1000})
        context.route("**/*", only_loopback)
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda err: errors.append(str(err)))
        page.goto(base_url + "/")
        for view in VIEWS:
            page.wait_for_selector(f"#{view}[data-state=ready]", timeout=20_000)
        page.wait_for_selector("[data-testid=event-row]")
        yield page
        assert errors == [], errors
        assert attempted == [], f"the page tried to reach other hosts: {attempted}"
        browser.close()


def attr(page, selector: str, name: str) -> str:
    return page.get_attribute(selector, name) or ""


def test_views_show_what_the_api_returns(page, api):
    series = api.get("/series", params={"by": "category", "period": "month"}).json()["series"]
    dated = [r for r in series if r["period"] is not None]
    bars = page.eval_on_selector_all("[data-testid=timeline-bar]", "els => els.map(e => +e.dataset.count)")
    assert sum(bars) == sum(r["events"] for r in dated) > 0
    assert len(bars) == len(dated)
    legend = page.eval_on_selector_all("#timeline-legend .legend-item", "els => els.map(e => e.dataset.key)")
    assert set(legend) == {r["key"] for r in dated}
    assert page.inner_text("[data-testid=summary-count]") == str(sum(r["events"] for r in dated))

    dyads = [d for d in api.get("/dyads", params={"limit": 150}).json()["dyads"] if d["target_country"]]
    assert int(attr(page, "[data-testid=network] svg", "data-edges")) == len(dyads) > 0
    edges = page.eval_on_selector_all(
        "[data-testid=network-edge]", "els => els.map(e => [e.dataset.source, e.dataset.target, +e.dataset.events])"
    )
    assert sorted(map(tuple, edges)) == sorted((d["source_country"], d["target_country"], d["events"]) for d in dyads)
    countries = {d["source_country"] for d in dyads} | {d["target_country"] for d in dyads}
    nodes = page.eval_on_selector_all("[data-testid=network-node]", "els => els.map(e => e.dataset.country)")
    assert set(nodes) == countries and {"NER", "USA"} <= countries

    places = api.get("/places", params={"limit": 1000}).json()["places"]
    assert int(attr(page, "[data-testid=map] svg", "data-places")) == len(places)
    assert page.locator("[data-testid=map-place]").count() == len(places)
    assert page.locator("[data-testid=map] path.land").count() > 150

    events = api.get("/events", params={"limit": 25}).json()["events"]
    rows = page.eval_on_selector_all("[data-testid=event-row]", "els => els.map(e => e.dataset.eventId)")
    assert rows == [e["id"] for e in events]


def test_clicking_the_end_of_military_cooperation_shows_its_evidence(page, api, tmp_path):
    events = api.get("/events", params={"category": "SANCTION", "text": "military", "limit": 100}).json()["events"]
    ending = [e for e in events if any(w in e["evidence"].lower() for w in ("end", "terminat", "revok", "cancel"))]
    assert ending, [e["evidence"] for e in events]
    event = ending[0]
    page.click(f"[data-testid=event-row][data-event-id='{event['id']}']")
    page.wait_for_selector(f"[data-testid=event-panel][data-event-id='{event['id']}'][data-state=ready]")
    evidence = page.locator("[data-testid=event-panel] [data-testid=evidence]")
    assert evidence.count() == 1
    assert " ".join(evidence.inner_text().split()) == " ".join(event["evidence"].split())
    assert evidence.is_visible()
    trigger = evidence.locator("[data-testid=span-trigger]")
    assert trigger.count() >= 1 and trigger.first.inner_text() == event["trigger_text"]
    detail = api.get(f"/events/{event['id']}").json()
    spans = page.locator("[data-testid=event-panel] [data-testid=span-source]")
    assert spans.count() >= (1 if detail["source"] else 0)
    if detail["target"]:
        assert page.locator("[data-testid=event-panel] [data-testid=span-target]").count() >= 1
    assert page.inner_text("[data-testid=event-panel] [data-testid=modality]") == event["modality"]
    assert page.inner_text("[data-testid=event-panel] [data-testid=confidence]") == f"{event['confidence']:.2f}"
    assert event["date_precision"] in page.inner_text("[data-testid=event-panel]")
    shot = tmp_path / "dashboard.png"
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(shot))
    assert shot.stat().st_size > 10_000
    shutil.copy(shot, SCREENSHOT_COPY)


def test_filters_drive_every_view(page, api):
    page.select_option("[data-testid=filter-category]", ["SANCTION"])
    page.click("[data-testid=apply]")
    page.wait_for_function("() => location.hash.includes('category=SANCTION')")
    for view in ("timeline", "network", "map", "event-table"):
        page.wait_for_selector(f"#{view}[data-state=ready]")
    series = api.get("/series", params={"category": "SANCTION", "by": "category"}).json()["series"]
    expected = sum(r["events"] for r in series if r["period"] is not None)
    page.wait_for_function(f"() => document.querySelector('#summary-count').textContent === '{expected}'")
    keys = page.eval_on_selector_all("[data-testid=timeline-bar]", "els => [...new Set(els.map(e => e.dataset.key))]")
    assert keys == ["SANCTION"]
    chips = page.eval_on_selector_all("[data-testid=event-row] .chip", "els => els.map(e => e.textContent)")
    assert chips and set(chips) == {"SANCTION"}
