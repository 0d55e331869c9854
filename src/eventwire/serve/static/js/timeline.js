// Timeline: events per period as stacked bars, one colour per category or quad class, with a legend.

import { keyColor, keyLabel } from "./colors.js";
import { clear, h, message, niceTicks, s, tip } from "./svg.js";

const HEIGHT = 230;
const MARGIN = { top: 10, right: 12, bottom: 30, left: 42 };
const MAX_FILLED = 400; // gaps between periods are drawn as empty slots up to this many slots

function startOf(period) {
  const [y, m = "01", d = "01"] = String(period).slice(0, 10).split("-");
  return new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
}

function step(date, period) {
  const next = new Date(date);
  if (period === "year") next.setUTCFullYear(next.getUTCFullYear() + 1);
  else if (period === "month") next.setUTCMonth(next.getUTCMonth() + 1);
  else next.setUTCDate(next.getUTCDate() + (period === "week" ? 7 : 1));
  return next;
}

function label(date, period) {
  const iso = date.toISOString().slice(0, 10);
  return period === "year" ? iso.slice(0, 4) : period === "month" ? iso.slice(0, 7) : iso;
}

// Every slot from the first period to the last, so that time runs evenly along the axis.
function slots(periods, period) {
  const sorted = [...new Set(periods)].sort();
  if (sorted.length < 2) return sorted.map((p) => ({ key: p, label: label(startOf(p), period) }));
  const byLabel = new Map(sorted.map((p) => [label(startOf(p), period), p]));
  const out = [];
  const last = startOf(sorted.at(-1));
  for (let d = startOf(sorted[0]); d <= last && out.length <= MAX_FILLED; d = step(d, period)) {
    const name = label(d, period);
    out.push({ key: byLabel.get(name) ?? name, label: name });
  }
  return out.length > MAX_FILLED || out.length < sorted.length ? sorted.map((p) => ({ key: p, label: p })) : out;
}

export function renderTimeline(node, legendNode, rows, { by, period, onKey }) {
  if (!rows.length) {
    clear(legendNode);
    return message(node, "No dated events match the filters.");
  }
  const keyOf = (r) => (r.key === null || r.key === undefined ? "" : String(r.key));
  const totals = new Map();
  for (const r of rows) totals.set(keyOf(r), (totals.get(keyOf(r)) || 0) + r.events);
  const keys = [...totals.keys()].sort((a, b) => totals.get(b) - totals.get(a));
  const columns = slots(rows.map((r) => String(r.period)), period);
  const cell = new Map(rows.map((r) => [`${r.period}|${keyOf(r)}`, r.events]));
  const stackMax = Math.max(...columns.map((c) => keys.reduce((n, k) => n + (cell.get(`${c.key}|${k}`) || 0), 0)));

  const width = Math.max(node.clientWidth || 0, 480);
  const plotW = width - MARGIN.left - MARGIN.right;
  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const ticks = niceTicks(stackMax);
  const top = ticks.at(-1);
  const y = (v) => MARGIN.top + plotH - (v / top) * plotH;
  const band = plotW / columns.length;
  const barW = Math.max(1, band * 0.78);
  const total = rows.reduce((n, r) => n + r.events, 0);

  const svg = s("svg", {
    viewBox: `0 0 ${width} ${HEIGHT}`, width: "100%", height: HEIGHT, class: "chart", role: "img",
    "aria-label": `${total} events by ${by} per ${period}`, "data-total": total, "data-periods": columns.length,
  });
  for (const t of ticks) {
    svg.append(s("line", { x1: MARGIN.left, x2: width - MARGIN.right, y1: y(t), y2: y(t), class: "grid" }));
    svg.append(s("text", { x: MARGIN.left - 6, y: y(t) + 4, class: "axis-label", "text-anchor": "end", text: t }));
  }
  const every = Math.max(1, Math.ceil(columns.length / Math.max(1, Math.floor(plotW / 70))));
  columns.forEach((column, i) => {
    const x = MARGIN.left + i * band + (band - barW) / 2;
    let base = 0;
    for (const key of keys) {
      const count = cell.get(`${column.key}|${key}`) || 0;
      if (!count) continue;
      svg.append(s("rect", {
        x, width: barW, y: y(base + count), height: Math.max(0.5, y(base) - y(base + count)),
        fill: keyColor(by, key), class: "bar", "data-testid": "timeline-bar",
        "data-period": column.label, "data-key": key, "data-count": count,
      }, tip(`${column.label} · ${keyLabel(by, key)}: ${count}`)));
      base += count;
    }
    if (i % every === 0) {
      svg.append(s("text", {
        x: x + barW / 2, y: HEIGHT - 10, class: "axis-label", "text-anchor": "middle", text: column.label,
      }));
    }
  });
  svg.append(s("line", { x1: MARGIN.left, x2: width - MARGIN.right, y1: y(0), y2: y(0), class: "axis" }));
  clear(node, svg);
  clear(legendNode, keys.map((key) => h("button", {
    type: "button", class: "legend-item", "data-key": key, title: by === "category" ? `filter: ${key}` : "",
    onclick: () => onKey && onKey(key),
  }, h("span", { class: "swatch", "data-color": keyColor(by, key) }), `${keyLabel(by, key)} `,
  h("span", { class: "legend-count", text: totals.get(key) }))));
  for (const swatch of legendNode.querySelectorAll(".swatch")) swatch.style.background = swatch.dataset.color;
  return svg;
}
