// Map: located events as circles on an equirectangular world (Natural Earth 1:110m outlines shipped in
// data/world.json), sized by events and coloured by mean Goldstein. Wheel zooms, drag pans.

import { goldsteinColor } from "./colors.js";
import { clear, format, h, s, tip } from "./svg.js";

const W = 1000;
const H = 500;
let world = null;

export async function loadWorld() {
  if (!world) {
    const response = await fetch("/static/data/world.json");
    world = await response.json();
  }
  return world;
}

export function countryNames(geo) {
  return new Map(geo.features.map((f) => [f.properties.iso_a3, f.properties.name]));
}

const project = ([lon, lat]) => [((lon + 180) / 360) * W, ((90 - lat) / 180) * H];

function pathOf(geometry) {
  const polygons = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
  return polygons
    .flatMap((rings) => rings.map((ring) => `M${ring.map((p) => project(p).map((v) => v.toFixed(1)).join(",")).join("L")}Z`))
    .join("");
}

function graticule() {
  const lines = [];
  for (let lon = -150; lon <= 150; lon += 30) lines.push(`M${project([lon, 90])}L${project([lon, -90])}`);
  for (let lat = -60; lat <= 60; lat += 30) lines.push(`M${project([-180, lat])}L${project([180, lat])}`);
  return s("path", { d: lines.join(""), class: "graticule" });
}

function zoomable(svg) {
  let box = [0, 0, W, H];
  const apply = () => svg.setAttribute("viewBox", box.map((v) => v.toFixed(1)).join(" "));
  svg.addEventListener("wheel", (event) => {
    event.preventDefault();
    const rect = svg.getBoundingClientRect();
    const fx = (event.clientX - rect.left) / rect.width, fy = (event.clientY - rect.top) / rect.height;
    const scale = event.deltaY > 0 ? 1.25 : 0.8;
    const w = Math.min(W, Math.max(W / 40, box[2] * scale)), hgt = (w * H) / W;
    box = [box[0] + (box[2] - w) * fx, box[1] + (box[3] - hgt) * fy, w, hgt];
    apply();
  }, { passive: false });
  let drag = null;
  svg.addEventListener("pointerdown", (event) => { drag = { x: event.clientX, y: event.clientY, box: [...box] }; });
  svg.addEventListener("pointerup", () => { drag = null; });
  svg.addEventListener("pointerleave", () => { drag = null; });
  svg.addEventListener("pointermove", (event) => {
    if (!drag) return;
    const rect = svg.getBoundingClientRect();
    box[0] = drag.box[0] - ((event.clientX - drag.x) / rect.width) * box[2];
    box[1] = drag.box[1] - ((event.clientY - drag.y) / rect.height) * box[3];
    apply();
  });
  return () => { box = [0, 0, W, H]; apply(); };
}

export function renderMap(node, geo, places, { onPlace }) {
  const located = places.filter((p) => p.latitude !== null && p.longitude !== null && p.latitude !== undefined);
  const active = new Set(places.map((p) => p.place_country).filter(Boolean));
  const svg = s("svg", {
    viewBox: `0 0 ${W} ${H}`, width: "100%", class: "chart map", role: "img", "data-places": located.length,
    "data-events": located.reduce((n, p) => n + p.events, 0), "aria-label": `${located.length} located places`,
  });
  svg.append(s("rect", { x: -W, y: -H, width: 3 * W, height: 3 * H, class: "sea" }), graticule());
  for (const f of geo.features) {
    const code = f.properties.iso_a3;
    svg.append(s("path", { d: pathOf(f.geometry), class: active.has(code) ? "land active" : "land", "data-country": code },
      tip(f.properties.name)));
  }
  const maxEvents = Math.max(1, ...located.map((p) => p.events));
  for (const p of [...located].sort((a, b) => b.events - a.events)) {
    const [x, y] = project([p.longitude, p.latitude]);
    svg.append(s("circle", {
      cx: x, cy: y, r: 3 + 9 * Math.sqrt(p.events / maxEvents), fill: goldsteinColor(p.goldstein_mean),
      class: "place", "data-testid": "map-place", "data-place": p.place_name, "data-events": p.events,
      onclick: () => onPlace && onPlace(p.place_name),
    }, tip(`${p.place_name} (${p.place_country || "?"}): ${p.events} events, mean Goldstein ${format(p.goldstein_mean)}`)));
  }
  const reset = zoomable(svg);
  const unlocated = places.length - located.length;
  let note = `${located.length} places · scroll to zoom, drag to pan`;
  if (unlocated) note = `${located.length} places · ${unlocated} more known only by country (shaded)`;
  if (!located.length) note = "No event in the selection has coordinates; countries with events are shaded.";
  if (!places.length) note = "No located events match the filters.";
  clear(node, svg, h("div", { class: "map-foot" }, h("span", { text: note }),
    h("button", { type: "button", class: "link", onclick: reset, text: "reset view" })));
  return svg;
}
