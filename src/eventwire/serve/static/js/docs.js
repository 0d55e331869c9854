// The API reference, drawn from the server's own /openapi.json, with a form to try each GET endpoint.

import { clear, h } from "./svg.js";

function typeOf(schema = {}) {
  if (schema.anyOf) return schema.anyOf.map(typeOf).filter((t) => t !== "null").join(" | ");
  if (schema.enum) return schema.enum.join(" | ");
  if (schema.$ref) return schema.$ref.split("/").at(-1);
  const range = [schema.minimum ?? null, schema.maximum ?? null];
  return `${schema.type || "any"}${range.some((v) => v !== null) ? ` (${range.map((v) => v ?? "").join("–")})` : ""}`;
}

function parameters(op, inputs) {
  const rows = (op.parameters || []).map((p) => {
    const input = h("input", { name: p.name, placeholder: p.schema?.default ?? "" });
    if (p.in !== "header") inputs.push([p, input]);
    return h("tr", {}, h("td", { class: "mono", text: p.name + (p.required ? " *" : "") }), h("td", { text: p.in }),
      h("td", { class: "mono", text: typeOf(p.schema) }), h("td", { text: p.description || "" }), h("td", {}, p.in === "header" ? "" : input));
  });
  if (!rows.length) return null;
  return h("table", {}, h("thead", {}, h("tr", {}, ["name", "in", "type", "description", "try"].map((t) => h("th", { text: t })))),
    h("tbody", {}, rows));
}

function bodySchema(op, spec) {
  const ref = op.requestBody?.content?.["application/json"]?.schema?.$ref;
  const schema = ref ? spec.components.schemas[ref.split("/").at(-1)] : null;
  if (!schema) return null;
  const required = new Set(schema.required || []);
  return [h("h3", { text: `JSON body: ${schema.title || ""}` }), h("table", {}, h("tbody", {},
    Object.entries(schema.properties || {}).map(([name, p]) => h("tr", {},
      h("td", { class: "mono", text: name + (required.has(name) ? " *" : "") }), h("td", { class: "mono", text: typeOf(p) }),
      h("td", { text: p.description || "" })))))];
}

function tryIt(method, path, inputs) {
  if (method !== "get") return null;
  const out = h("pre", { class: "response", hidden: true });
  const send = async () => {
    let url = path;
    const query = new URLSearchParams();
    for (const [p, input] of inputs) {
      if (!input.value) continue;
      if (p.in === "path") url = url.replace(`{${p.name}}`, encodeURIComponent(input.value));
      else query.set(p.name, input.value);
    }
    const response = await fetch(url + (query.size ? `?${query}` : ""));
    const text = await response.text();
    let shown = text;
    try { shown = JSON.stringify(JSON.parse(text), null, 2); } catch { /* CSV or text: as it is */ }
    out.hidden = false;
    out.textContent = `HTTP ${response.status}\n${shown.slice(0, 20000)}`;
  };
  return [h("button", { type: "button", class: "try", onclick: send, text: "Send" }), out];
}

function endpoint(method, path, op, spec) {
  const inputs = [];
  const responses = Object.entries(op.responses || {}).map(([code, r]) => `${code} ${r.description || ""}`).join(" · ");
  return h("details", { class: "endpoint", "data-path": path, "data-method": method },
    h("summary", {}, h("span", { class: `method ${method}`, text: method.toUpperCase() }), h("span", { class: "path", text: path }),
      h("span", { class: "muted", text: op.summary || "" })),
    h("div", { class: "body" }, op.description ? h("p", { text: op.description }) : null, parameters(op, inputs),
      bodySchema(op, spec), h("p", { class: "muted", text: `Responses: ${responses}. Errors are JSON {"error": "..."}.` }),
      tryIt(method, path, inputs)));
}

async function main() {
  const spec = await (await fetch("/openapi.json")).json();
  document.getElementById("api-version").textContent = `${spec.info.title} ${spec.info.version} · OpenAPI ${spec.openapi}`;
  const groups = new Map();
  for (const [path, ops] of Object.entries(spec.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const tag = (op.tags || ["other"])[0];
      if (!groups.has(tag)) groups.set(tag, []);
      groups.get(tag).push(endpoint(method, path, op, spec));
    }
  }
  clear(document.getElementById("docs"), h("p", { class: "intro", text: spec.info.description || "" }),
    [...groups].map(([tag, items]) => [h("h2", { text: tag }), items]));
}

main().catch((err) => { document.getElementById("docs").textContent = `Could not load /openapi.json: ${err.message}`; });
