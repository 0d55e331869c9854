// Colour scales: Goldstein from conflict red through grey to cooperation blue, quad classes, categories.

const RED = [178, 34, 34];
const GREY = [150, 158, 168];
const BLUE = [33, 102, 172];

function mix(a, b, t) {
  return a.map((v, i) => Math.round(v + (b[i] - v) * t));
}

export function goldsteinColor(value) {
  if (value === null || value === undefined || Number.isNaN(value)) return "rgb(150,158,168)";
  const t = Math.max(-1, Math.min(1, value / 10));
  const [r, g, b] = t < 0 ? mix(GREY, RED, -t) : mix(GREY, BLUE, t);
  return `rgb(${r},${g},${b})`;
}

export const QUAD = {
  1: { label: "Verbal cooperation", color: "#6baed6" },
  2: { label: "Material cooperation", color: "#2166ac" },
  3: { label: "Verbal conflict", color: "#f4a259" },
  4: { label: "Material conflict", color: "#b2182b" },
};

// Twenty distinct hues; categories keep theirs from the ontology's order, so colours never shuffle.
const PALETTE = [
  "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac",
  "#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22", "#7f7f7f", "#393b79",
];

let categoryOrder = [];

export function setCategoryOrder(names) {
  categoryOrder = [...names];
}

export function keyColor(by, key) {
  if (by === "quad_class") return (QUAD[key] || { color: "#7f7f7f" }).color;
  let index = categoryOrder.indexOf(key);
  if (index < 0) {
    categoryOrder.push(key);
    index = categoryOrder.length - 1;
  }
  return PALETTE[index % PALETTE.length];
}

export function keyLabel(by, key) {
  if (key === null || key === undefined || key === "") return "unknown";
  if (by === "quad_class") return (QUAD[key] || { label: `Quad ${key}` }).label;
  return String(key);
}
