// Event table: one server-side page at a time, paged by the API's cursor; a click opens the event.

import { getJSON, queryString } from "./api.js";
import { clear, format, h, message } from "./svg.js";

const PAGE = 25;

function actor(name, country, role) {
  if (!name && !country) return h("span", { class: "muted", text: "—" });
  const code = [country, role].filter(Boolean).join(" ");
  return h("span", { class: "actor" }, name || country, code ? h("span", { class: "code", text: ` ${code}` }) : null);
}

// The trigger in bold inside the evidence sentence (the list has no offsets; its first occurrence will do).
function evidence(row) {
  const text = row.evidence || "";
  const at = row.trigger_text ? text.indexOf(row.trigger_text) : -1;
  if (at < 0) return h("span", { class: "evidence-cell", text });
  return h("span", { class: "evidence-cell" }, text.slice(0, at), h("b", { text: row.trigger_text }),
    text.slice(at + row.trigger_text.length));
}

export class EventTable {
  constructor(node, pager, { onOpen }) {
    this.node = node;
    this.pager = pager;
    this.onOpen = onOpen;
    this.selected = null;
  }

  async load(filters) {
    this.filters = filters;
    this.cursors = [null];
    this.page = 0;
    await this.fetchPage();
  }

  async fetchPage() {
    const body = await getJSON("/events", { ...this.filters, limit: PAGE, cursor: this.cursors[this.page] });
    this.cursors[this.page + 1] = body.next_cursor;
    this.render(body.events, body.next_cursor);
  }

  async move(delta) {
    this.page = Math.max(0, this.page + delta);
    await this.fetchPage();
  }

  render(rows, next) {
    this.node.dataset.rows = rows.length;
    this.node.dataset.page = this.page + 1;
    const csv = `/events${queryString({ ...this.filters, format: "csv", limit: 1000 })}`;
    clear(this.pager,
      h("button", { type: "button", "data-testid": "page-prev", disabled: this.page === 0, onclick: () => this.move(-1), text: "‹ Prev" }),
      h("span", { class: "page-label", text: `Page ${this.page + 1} · ${rows.length} rows` }),
      h("button", { type: "button", "data-testid": "page-next", disabled: !next, onclick: () => this.move(1), text: "Next ›" }),
      h("a", { href: csv, class: "link", download: "events.csv", text: "CSV (first 1000)" }));
    if (!rows.length) return message(this.node, "No events match the filters.");
    const head = ["Date", "Category", "Source", "Target", "Evidence", "Conf."].map((t) => h("th", { text: t }));
    const body = rows.map((r) => h("tr", {
      "data-testid": "event-row", "data-event-id": r.id, tabindex: 0,
      class: r.id === this.selected ? "selected" : null,
      onclick: () => this.open(r.id), onkeydown: (e) => e.key === "Enter" && this.open(r.id),
    },
    h("td", { class: "nowrap mono", text: r.event_date || "—" }),
    h("td", { class: "nowrap" }, h("span", { class: `chip q${r.quad_class || 0}`, text: r.category }),
      r.modality && r.modality !== "asserted" ? h("span", { class: "modality", text: r.modality }) : null),
    h("td", {}, actor(r.source_name, r.source_country, r.source_role)),
    h("td", {}, actor(r.target_name, r.target_country, r.target_role)),
    h("td", {}, evidence(r)),
    h("td", { class: "num", text: format(r.confidence, 2) })));
    clear(this.node, h("table", { class: "events" }, h("thead", {}, h("tr", {}, head)), h("tbody", {}, body)));
  }

  open(id) {
    this.selected = id;
    for (const tr of this.node.querySelectorAll("tr[data-event-id]")) tr.classList.toggle("selected", tr.dataset.eventId === id);
    this.onOpen(id);
  }
}
