// The article's text with an event's evidence marked: the sentences that report it, and inside them the
// trigger and the source and target actors, each in its own style.

import { h } from "./svg.js";

const startOf = (x) => x.start_char ?? x.start;
const endOf = (x) => x.end_char ?? x.end;

// Inner spans (trigger, actors), sorted and without overlaps: the first one listed wins.
function innerSpans(event) {
  const spans = [];
  for (const m of event.mentions || []) {
    const trigger = m.trigger || { start: m.trigger_start, end: m.trigger_end };
    spans.push({ start: trigger.start, end: trigger.end, kind: "trigger" });
  }
  for (const a of event.source || []) spans.push({ start: startOf(a), end: endOf(a), kind: "source", who: a.name });
  for (const a of event.target || []) spans.push({ start: startOf(a), end: endOf(a), kind: "target", who: a.name });
  const kept = [];
  for (const span of spans.filter((x) => Number.isInteger(x.start) && x.end > x.start)) {
    if (!kept.some((k) => span.start < k.end && k.start < span.end)) kept.push(span);
  }
  return kept.sort((a, b) => a.start - b.start);
}

function spanNode(text, span) {
  const title = span.kind === "trigger" ? "trigger" : `${span.kind}: ${span.who || ""}`;
  return h("span", { class: `span-${span.kind}`, "data-testid": `span-${span.kind}`, title, text });
}

// Text from `from` to `to`, with the spans inside it wrapped.
function pieces(text, from, to, spans) {
  const out = [];
  let at = from;
  for (const span of spans) {
    if (span.end <= from || span.start >= to) continue;
    const start = Math.max(span.start, at), end = Math.min(span.end, to);
    if (start > at) out.push(text.slice(at, start));
    out.push(spanNode(text.slice(start, end), span));
    at = end;
  }
  if (at < to) out.push(text.slice(at, to));
  return out;
}

export function markedText(article, event) {
  const text = article.text || "";
  const bySentence = new Map((article.sentences || []).map((s) => [s.sentence_index ?? s.index, s]));
  const mentions = (event.mentions && event.mentions.length) ? event.mentions : [{ sentence_index: event.sentence_index }];
  const marks = [];
  mentions.forEach((m, i) => {
    const sentence = bySentence.get(m.sentence_index);
    if (sentence && !marks.some((x) => x.start === startOf(sentence))) {
      marks.push({ start: startOf(sentence), end: endOf(sentence), primary: i === 0 });
    }
  });
  marks.sort((a, b) => a.start - b.start);
  const spans = innerSpans(event);
  const out = [];
  let at = 0;
  for (const mark of marks) {
    if (mark.start < at) continue;
    out.push(...pieces(text, at, mark.start, spans));
    out.push(h("mark", {
      class: mark.primary ? "evidence" : "evidence also", "data-testid": mark.primary ? "evidence" : "evidence-also",
      title: mark.primary ? "evidence" : "also reports this event",
    }, pieces(text, mark.start, mark.end, spans)));
    at = mark.end;
  }
  out.push(...pieces(text, at, text.length, spans));
  return h("div", { class: "article-text", "data-testid": "article-text" }, out);
}
