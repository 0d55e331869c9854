// The filter form: read it into API parameters, fill it from the URL hash, and keep the hash in step.

import { h } from "./svg.js";

const FIELDS = ["since", "until", "country", "actor", "text", "place", "dyad", "modality", "min_confidence"];

export function fillCategories(form, categories) {
  const select = form.elements.category;
  select.replaceChildren(
    ...categories.map((c) => h("option", { value: c.name, "data-quad": c.quad_class, text: c.name })),
  );
}

export function readFilters(form) {
  const filters = {};
  for (const name of FIELDS) {
    const value = form.elements[name].value.trim();
    if (value && !(name === "min_confidence" && Number(value) === 0)) filters[name] = value;
  }
  if (filters.country) filters.country = filters.country.toUpperCase();
  const categories = [...form.elements.category.selectedOptions].map((o) => o.value);
  if (categories.length) filters.category = categories.join(",");
  const quads = [...form.querySelectorAll("input[name=quad]:checked")].map((i) => i.value);
  if (quads.length && quads.length < 4) filters.quad = quads.join(",");
  return filters;
}

export function writeFilters(form, filters) {
  for (const name of FIELDS) form.elements[name].value = filters[name] || (name === "min_confidence" ? "0" : "");
  const categories = new Set((filters.category || "").split(",").filter(Boolean));
  for (const option of form.elements.category.options) option.selected = categories.has(option.value);
  const quads = new Set((filters.quad || "").split(",").filter(Boolean));
  for (const box of form.querySelectorAll("input[name=quad]")) box.checked = !quads.size || quads.has(box.value);
  showConfidence(form);
}

export function showConfidence(form) {
  const out = form.querySelector("#min-confidence-value");
  if (out) out.textContent = Number(form.elements.min_confidence.value).toFixed(2);
}

export function filtersFromHash() {
  return Object.fromEntries(new URLSearchParams(location.hash.slice(1)));
}

export function saveHash(filters) {
  const text = new URLSearchParams(filters).toString();
  history.replaceState(null, "", text ? `#${text}` : location.pathname);
}

// A short line saying what the filters select, shown above the views.
export function describe(filters) {
  const parts = Object.entries(filters).map(([k, v]) => `${k.replace("_", " ")}: ${v}`);
  return parts.length ? parts.join(" · ") : "all events";
}
