// The event panel: what was coded, and the article it came from with the evidence marked.

import { getJSON } from "./api.js";
import { QUAD } from "./colors.js";
import { markedText } from "./highlight.js";
import { clear, format, h } from "./svg.js";

function fact(label, ...value) {
  return [h("dt", { text: label }), h("dd", {}, ...value)];
}

function actors(list) {
  if (!list || !list.length) return h("span", { class: "muted", text: "—" });
  return list.map((a) => h("div", { class: "actor" }, a.name,
    h("span", { class: "code", text: ` ${[a.country, a.role].filter(Boolean).join(" ")}` }),
    a.text && a.text !== a.name ? h("span", { class: "muted", text: ` “${a.text}”` }) : null));
}

function interval(e) {
  const from = e.date_earliest, to = e.date_latest;
  const span = from && from === to ? from : `${from || "…"} – ${to || "…"}`;
  return [h("span", { class: "mono", text: span }), h("span", { class: "precision", text: e.date_precision || "?" })];
}

function place(e) {
  if (!e.place_name) return h("span", { class: "muted", text: "—" });
  const where = e.latitude !== null && e.latitude !== undefined ? ` (${format(e.latitude, 2)}, ${format(e.longitude, 2)})` : "";
  return `${e.place_name}${e.place_country ? `, ${e.place_country}` : ""}${where}`;
}

function quantities(list) {
  if (!list || !list.length) return h("span", { class: "muted", text: "—" });
  return list.map((q) => h("div", {}, `${q.text} `, h("span", { class: "code", text: `${q.value} ${q.unit}${q.vague ? " (vague)" : ""}` })));
}

export class Panel {
  constructor(node, { onClose }) {
    this.node = node;
    this.onClose = onClose;
  }

  close() {
    this.node.hidden = true;
    this.node.dataset.eventId = "";
    this.onClose && this.onClose();
  }

  async open(eventId) {
    this.node.hidden = false;
    this.node.dataset.eventId = eventId;
    this.node.dataset.state = "loading";
    clear(this.node, h("div", { class: "view-message", text: "Loading…" }));
    const event = await getJSON(`/events/${encodeURIComponent(eventId)}`);
    const articleId = event.article_id || (event.article && event.article.id);
    const article = await getJSON(`/articles/${encodeURIComponent(articleId)}`);
    const others = (event.cluster_articles || []).length > 1
      ? (await getJSON("/events", { cluster: event.cluster_id, limit: 50 })).events.filter((r) => r.article_id !== articleId)
      : [];
    if (this.node.dataset.eventId !== eventId) return; // another row was clicked meanwhile
    this.render(event, article, others);
    this.node.dataset.state = "ready";
    // bring the evidence into view inside the text box only (scrollIntoView would move the page too)
    const box = this.node.querySelector(".article-text");
    const mark = box && box.querySelector("mark.evidence");
    if (mark && box) box.scrollTop = Math.max(0, mark.offsetTop - box.clientHeight / 3);
  }

  render(e, article, others) {
    const meta = e.article || article;
    const quad = QUAD[e.quad_class];
    clear(this.node,
      h("header", { class: "panel-head" },
        h("div", {},
          h("span", { class: `chip q${e.quad_class || 0}`, text: e.category }),
          e.cameo ? h("span", { class: "code", text: ` CAMEO ${e.cameo}` }) : null,
          h("div", { class: "panel-title", text: meta.title || meta.id || e.article_id })),
        h("button", { type: "button", class: "close", "aria-label": "close", "data-testid": "panel-close", onclick: () => this.close(), text: "×" })),
      h("dl", { class: "facts" },
        fact("Source", actors(e.source)),
        fact("Target", actors(e.target)),
        fact("Date", interval(e)),
        fact("Modality", h("span", { class: `modality-tag ${e.modality}`, "data-testid": "modality", text: e.modality })),
        fact("Confidence", h("span", { class: "mono", "data-testid": "confidence", text: format(e.confidence, 2) })),
        fact("Goldstein", h("span", { class: "mono", text: `${format(e.goldstein)}${quad ? ` · ${quad.label}` : ""}` })),
        fact("Place", place(e)),
        fact("Quantities", quantities(e.quantities)),
        fact("Article", h("span", { class: "muted", text: [meta.publisher, meta.published].filter(Boolean).join(" · ") || "—" }),
          meta.url ? h("div", { class: "url mono", text: meta.url }) : null)),
      h("section", { class: "legend-spans" },
        h("span", { class: "span-trigger", text: "trigger" }), h("span", { class: "span-source", text: "source" }),
        h("span", { class: "span-target", text: "target" }), h("span", { class: "key-evidence", text: "evidence" })),
      markedText(article, e),
      h("section", { class: "cluster", "data-testid": "cluster" },
        h("h3", { text: `Other articles reporting this event (${others.length})` }),
        others.length
          ? h("ul", {}, others.map((r) => h("li", {},
            h("span", { class: "mono", text: `${r.published || ""} ` }),
            h("button", { type: "button", class: "link", onclick: () => this.open(r.id), text: r.article_title || r.article_id }),
            h("div", { class: "muted", text: r.evidence }))))
          : h("p", { class: "muted", text: "None: only this article reports it." })));
  }
}
