// Actor-pair network: countries as nodes, source→target pairs as curved edges whose width is the number
// of events and whose colour runs from conflict red to cooperation blue by mean Goldstein.

import { goldsteinColor } from "./colors.js";
import { clear, format, message, s, tip } from "./svg.js";

const W = 560;
const H = 400;
const PAD = 36;

// Fruchterman–Reingold from a circle start: deterministic, so the picture is the same on every load.
// Heavier pairs pull harder; a weak pull to the centre keeps unconnected pairs on screen.
function layout(nodes, edges) {
  const n = nodes.length;
  nodes.forEach((node, i) => {
    const angle = (2 * Math.PI * i) / Math.max(n, 1);
    node.x = W / 2 + (W / 3) * Math.cos(angle);
    node.y = H / 2 + (H / 3) * Math.sin(angle);
  });
  if (n < 3) return;
  const k = 0.8 * Math.sqrt(((W - 2 * PAD) * (H - 2 * PAD)) / n);
  let heat = W / 10;
  for (let round = 0; round < 400; round++) {
    for (const a of nodes) a.dx = a.dy = 0;
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        const a = nodes[i], b = nodes[j];
        const dx = a.x - b.x || 0.01, dy = a.y - b.y || 0.01;
        const push = (k * k) / (dx * dx + dy * dy); // (delta / d) * k² / d
        a.dx += dx * push; a.dy += dy * push; b.dx -= dx * push; b.dy -= dy * push;
      }
    }
    for (const e of edges) {
      if (e.a === e.b) continue;
      const dx = e.a.x - e.b.x, dy = e.a.y - e.b.y;
      const pull = (Math.hypot(dx, dy) / k) * (1 + Math.log1p(e.events) / 4); // (delta / d) * d² / k
      e.a.dx -= dx * pull; e.a.dy -= dy * pull; e.b.dx += dx * pull; e.b.dy += dy * pull;
    }
    for (const a of nodes) {
      const cx = W / 2 - a.x, cy = H / 2 - a.y;
      const gravity = (0.6 * Math.hypot(cx, cy)) / k;
      a.dx += cx * gravity; a.dy += cy * gravity;
      const d = Math.hypot(a.dx, a.dy) || 1;
      a.x = Math.min(W - PAD, Math.max(PAD, a.x + (a.dx / d) * Math.min(d, heat)));
      a.y = Math.min(H - PAD, Math.max(PAD, a.y + (a.dy / d) * Math.min(d, heat)));
    }
    heat = Math.max(0.3, heat * 0.985);
  }
}

function curve(a, b) {
  const mx = (a.x + b.x) / 2, my = (a.y + b.y) / 2;
  const dx = b.x - a.x, dy = b.y - a.y;
  const c = { x: mx - dy * 0.18, y: my + dx * 0.18 }; // bend to one side: A→B and B→A stay apart
  return { c, d: `M${a.x},${a.y} Q${c.x},${c.y} ${b.x},${b.y}` };
}

function arrow(a, c, b, color, size) {
  const t = 0.62;
  const p = (u, v, w) => (1 - t) ** 2 * u + 2 * (1 - t) * t * v + t * t * w;
  const x = p(a.x, c.x, b.x), y = p(a.y, c.y, b.y);
  const angle = Math.atan2(2 * (1 - t) * (c.y - a.y) + 2 * t * (b.y - c.y), 2 * (1 - t) * (c.x - a.x) + 2 * t * (b.x - c.x));
  const pt = (r, off) => `${x + r * Math.cos(angle + off)},${y + r * Math.sin(angle + off)}`;
  return s("polygon", { points: `${pt(size, 0)} ${pt(size, 2.5)} ${pt(size, -2.5)}`, fill: color, class: "arrow" });
}

export function renderNetwork(node, dyads, { names, onCountry, onDyad }) {
  const pairs = dyads.filter((d) => d.source_country && d.target_country);
  if (!pairs.length) return message(node, "No events with a source and a target country match the filters.");
  const byCode = new Map();
  const nodeOf = (code) => {
    if (!byCode.has(code)) byCode.set(code, { code, events: 0 });
    return byCode.get(code);
  };
  const edges = pairs.map((d) => ({ ...d, a: nodeOf(d.source_country), b: nodeOf(d.target_country) }));
  for (const e of edges) {
    e.a.events += e.events;
    if (e.b !== e.a) e.b.events += e.events;
  }
  const nodes = [...byCode.values()].sort((x, y) => y.events - x.events || x.code.localeCompare(y.code));
  layout(nodes, edges);
  const maxEvents = Math.max(...edges.map((e) => e.events));
  const svg = s("svg", {
    viewBox: `0 0 ${W} ${H}`, width: "100%", class: "chart network", role: "img",
    "aria-label": `${nodes.length} countries, ${edges.length} pairs`,
    "data-nodes": nodes.length, "data-edges": edges.length,
    "data-events": edges.reduce((n, e) => n + e.events, 0),
  });
  const maxNode = Math.max(...nodes.map((n) => n.events));
  const radius = (n) => 11 + 11 * Math.sqrt(n.events / maxNode); // relative: the picture is the same at any scale
  for (const e of [...edges].sort((x, y) => y.events - x.events)) {
    const color = goldsteinColor(e.goldstein_mean);
    const width = 1.2 + 5 * Math.sqrt(e.events / maxEvents);
    const label = `${e.source_country} → ${e.target_country}: ${e.events} events, mean Goldstein ${format(e.goldstein_mean)}`;
    const attrs = {
      class: "edge", stroke: color, "stroke-width": width, fill: "none", "data-testid": "network-edge",
      "data-source": e.source_country, "data-target": e.target_country, "data-events": e.events,
      onclick: () => onDyad && onDyad(`${e.source_country}-${e.target_country}`),
    };
    if (e.a === e.b) {
      const r = radius(e.a) + 6;
      svg.append(s("circle", { ...attrs, cx: e.a.x, cy: e.a.y - r + 4, r }, tip(label)));
    } else {
      const { c, d } = curve(e.a, e.b);
      svg.append(s("g", { class: "edge-group" }, s("path", { ...attrs, d }, tip(label)), arrow(e.a, c, e.b, color, 4 + width)));
    }
  }
  for (const n of nodes) {
    svg.append(s("g", {
      class: "node", transform: `translate(${n.x},${n.y})`, "data-testid": "network-node", "data-country": n.code,
      "data-events": n.events, onclick: () => onCountry && onCountry(n.code),
    }, s("circle", { r: radius(n) }), s("text", { y: 4, "text-anchor": "middle", text: n.code }),
    tip(`${names.get(n.code) || n.code}: ${n.events} events`)));
  }
  return clear(node, svg);
}
