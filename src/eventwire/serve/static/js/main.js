// The dashboard: the filter form drives every view; each view asks the server for its own aggregate.

import { getJSON } from "./api.js";
import { setCategoryOrder } from "./colors.js";
import { describe, fillCategories, filtersFromHash, readFilters, saveHash, showConfidence, writeFilters } from "./filters.js";
import { countryNames, loadWorld, renderMap } from "./map.js";
import { renderNetwork } from "./network.js";
import { Panel } from "./panel.js";
import { clear, h, message } from "./svg.js";
import { EventTable } from "./table.js";
import { renderTimeline } from "./timeline.js";

const $ = (id) => document.getElementById(id);
const form = $("filter-form");
let filters = {};
let names = new Map();

// Each view loads on its own: one failing shows its error and leaves the others alone.
async function view(id, load) {
  const node = $(id);
  const mark = (state) => {
    node.dataset.state = state;
    node.closest(".card")?.setAttribute("data-state", state);
  };
  mark("loading");
  try {
    await load(node);
    mark("ready");
  } catch (err) {
    message(node, err.message, "error");
    mark("error");
  }
}

function refine(extra) {
  filters = { ...filters, ...extra };
  writeFilters(form, filters);
  refresh();
}

const panel = new Panel($("panel"), {});
const table = new EventTable($("event-table"), $("event-pager"), { onOpen: (id) => panel.open(id).catch(showPanelError) });

function showPanelError(err) {
  message($("panel"), err.message, "error");
}

async function loadTimeline(node) {
  const by = $("timeline-by").value, period = $("timeline-period").value;
  const body = await getJSON("/series", { ...filters, by, period, metric: "count" });
  const dated = body.series.filter((r) => r.period !== null);
  renderTimeline(node, $("timeline-legend"), dated, {
    by, period, onKey: (key) => refine(by === "category" ? { category: key } : { quad: key }),
  });
  const total = dated.reduce((n, r) => n + r.events, 0);
  const undated = body.series.reduce((n, r) => n + r.events, 0) - total;
  $("summary-count").textContent = total.toLocaleString();
  $("summary-undated").textContent = undated ? `(+${undated.toLocaleString()} undated)` : "";
}

async function loadNetwork(node) {
  const body = await getJSON("/dyads", { ...filters, limit: 150 });
  renderNetwork(node, body.dyads, { names, onCountry: (code) => refine({ country: code }), onDyad: (dyad) => refine({ dyad }) });
}

async function loadMap(node) {
  const [geo, body] = await Promise.all([loadWorld(), getJSON("/places", { ...filters, limit: 1000 })]);
  renderMap(node, geo, body.places, { onPlace: (name) => refine({ place: name }) });
}

async function loadActors(node) {
  const body = await getJSON("/actors", { ...filters, limit: 12 });
  if (!body.actors.length) return message(node, "No actors.");
  const max = Math.max(...body.actors.map((a) => a.events));
  clear(node, h("ol", { class: "actors" }, body.actors.map((a) => h("li", {
    title: `${a.as_source} as source, ${a.as_target} as target`, onclick: () => refine({ actor: a.name }),
  }, h("span", { class: "actor-name", text: a.name }),
  h("span", { class: "code", text: [a.country, a.role].filter(Boolean).join(" ") }),
  h("span", { class: "meter" }, h("span", { class: "meter-fill", "data-share": a.events / max })),
  h("span", { class: "num", text: a.events })))));
  for (const fill of node.querySelectorAll(".meter-fill")) fill.style.width = `${Math.round(fill.dataset.share * 100)}%`;
}

function refresh() {
  saveHash(filters);
  $("summary-filters").textContent = describe(filters);
  view("timeline", loadTimeline);
  view("network", loadNetwork);
  view("map", loadMap);
  view("top-actors", loadActors);
  view("event-table", () => table.load(filters));
}

async function health() {
  try {
    const body = await getJSON("/health");
    $("health").textContent = `${body.events.toLocaleString()} events · ${body.articles.toLocaleString()} articles · ${body.database}`;
    $("health").title = `eventwire ${body.version}${body.writable ? " · writable" : " · read-only"}`;
  } catch (err) {
    $("health").textContent = `server unreachable: ${err.message}`;
  }
}

async function start() {
  health();
  const [categories, geo] = await Promise.all([getJSON("/categories"), loadWorld().catch(() => null)]);
  setCategoryOrder(categories.categories.map((c) => c.name));
  fillCategories(form, categories.categories);
  if (geo) names = countryNames(geo);
  filters = filtersFromHash();
  writeFilters(form, filters);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    filters = readFilters(form);
    refresh();
  });
  form.addEventListener("reset", () => setTimeout(() => {
    filters = {};
    writeFilters(form, filters);
    refresh();
  }));
  form.elements.min_confidence.addEventListener("input", () => showConfidence(form));
  $("timeline-by").addEventListener("change", () => view("timeline", loadTimeline));
  $("timeline-period").addEventListener("change", () => view("timeline", loadTimeline));
  $("panel").addEventListener("keydown", (e) => e.key === "Escape" && panel.close());
  window.addEventListener("hashchange", () => {
    filters = filtersFromHash(); // a pasted or edited link
    writeFilters(form, filters);
    refresh();
  });
  refresh();
}

start();
