// The search page of `searcher serve`: it asks /api/search and /api/articles/ID
// and builds every piece of article text with textContent, never as markup.
"use strict";

const PAGE_SIZE = 10;
const $ = (id) => document.getElementById(id);
const encoder = new TextEncoder();
const decoder = new TextDecoder();

// What the page shows, as its address holds it (so Back, Forward and links work).
const state = { q: "", since: "", until: "", author: "", source: "", sort: "relevance", passages: false, offset: 0 };
let lastFocus = null;
let ranQuery = "";  // the query the last search ran: the corrected one when nothing matched as typed

function readAddress() {
  const p = new URLSearchParams(location.search);
  state.q = p.get("q") || "";
  state.since = p.get("since") || "";
  state.until = p.get("until") || "";
  state.author = p.get("author") || "";
  state.source = p.get("source") || "";
  state.sort = p.get("sort") === "date" ? "date" : "relevance";
  state.passages = p.get("passages") === "1";
  state.offset = Math.max(0, parseInt(p.get("offset") || "0", 10) || 0);
}

function address() {
  const p = new URLSearchParams();
  if (state.q) p.set("q", state.q);
  for (const key of ["since", "until", "author", "source"]) if (state[key]) p.set(key, state[key]);
  if (state.sort === "date") p.set("sort", "date");
  if (state.passages) p.set("passages", "1");
  if (state.offset) p.set("offset", String(state.offset));
  const s = p.toString();
  return s ? "?" + s : location.pathname;
}

// A date input holds a day: "2005" from an address is 2005-01-01 as a start
// and 2005-12-31 as an end, as the API reads it.
function asDay(value, end) {
  if (/^\d{4}$/.test(value)) return value + (end ? "-12-31" : "-01-01");
  const m = /^(\d{4})-(\d{2})$/.exec(value);
  if (m) return value + "-" + (end ? String(new Date(+m[1], +m[2], 0).getDate()).padStart(2, "0") : "01");
  return value;
}

function showFormState() {
  $("q").value = state.q;
  state.since = asDay(state.since, false);
  state.until = asDay(state.until, true);
  $("since").value = state.since;
  $("until").value = state.until;
  $("author").value = state.author;
  $("sort").value = state.sort;
  $("passages").checked = state.passages;
  const chips = $("chips");
  chips.replaceChildren();
  if (state.source) chips.append(chip("source: " + state.source, () => { state.source = ""; go(); }));
  if (state.since || state.until) {
    chips.append(chip("dates: " + (state.since || "…") + " – " + (state.until || "…"), () => { state.since = state.until = ""; go(); }));
  }
}

function chip(label, remove) {
  const span = el("span", "chip", label);
  const x = el("button", null, "×");
  x.type = "button";
  x.setAttribute("aria-label", "remove " + label);
  x.addEventListener("click", remove);
  span.append(x);
  return span;
}

// Text as shown: the characters that reorder what follows them (right-to-left
// overrides, bidi isolates) are written out, as the command line shows them,
// so an article cannot turn the rest of a line around.
function shown(text) {
  return String(text).replace(/[\u202a-\u202e\u2066-\u2069]/g, (c) => "\\u" + c.charCodeAt(0).toString(16));
}

function el(tag, className, text) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined && text !== null) e.textContent = shown(text);
  return e;
}


// `text` with the byte ranges `spans` (UTF-8 offsets, sorted) marked, from byte `from` to `to`.
function marked(bytes, spans, from, to) {
  const out = document.createDocumentFragment();
  let at = from;
  for (const [b0, e0] of spans) {
    const b = Math.max(b0, from), e = Math.min(e0, to);
    if (e <= b || b < at) continue;
    if (b > at) out.append(shown(decoder.decode(bytes.subarray(at, b))));
    out.append(el("mark", null, decoder.decode(bytes.subarray(b, e))));
    at = e;
  }
  if (at < to) out.append(shown(decoder.decode(bytes.subarray(at, to))));
  return out;
}

function markedText(text, spans) {
  const bytes = encoder.encode(text || "");
  return marked(bytes, spans || [], 0, bytes.length);
}

function setStatus(text, error) {
  const s = $("status");
  s.textContent = text;
  s.classList.toggle("error", !!error);
}

async function getJson(url) {
  const response = await fetch(url, { headers: { Accept: "application/json" } });
  let body = null;
  try { body = await response.json(); } catch (_) { /* not JSON */ }
  if (!response.ok) throw new Error(body && body.error ? body.error : "the server answered " + response.status);
  return body;
}

let searchSerial = 0;

// Nothing of an earlier search stays on the page (an error, an empty query).
function clearResults() {
  $("results").replaceChildren();
  $("pager").replaceChildren();
  $("facets").replaceChildren();
  $("timeline").hidden = true;
  $("notes").replaceChildren();
  $("notes").hidden = true;
}

async function search() {
  showFormState();
  if (!state.q.trim()) {
    clearResults();
    setStatus("Type words to search for; Syntax lists what a query can say.");
    document.title = "Search the articles";
    return;
  }
  const serial = ++searchSerial;
  const p = new URLSearchParams({ q: state.q, limit: String(PAGE_SIZE), offset: String(state.offset) });
  for (const key of ["since", "until", "author", "source"]) if (state[key]) p.set(key, state[key]);
  if (state.sort === "date") p.set("sort", "date");
  if (state.passages) p.set("passages", "1");
  const url = "/api/search?" + p.toString();
  if (url.length > 8000) {
    clearResults();
    setStatus("The query is too long to send (" + url.length.toLocaleString() + " characters in the address; at most 8,000): shorten it.", true);
    return;
  }
  setStatus("Searching…");
  let data;
  try {
    data = await getJson(url);
  } catch (e) {
    if (serial !== searchSerial) return;
    clearResults();
    setStatus(e.message, true);
    return;
  }
  if (serial !== searchSerial) return;  // a newer search has started
  document.title = state.q + " — search";
  ranQuery = data.searched_for || state.q;
  render(data);
}

function render(data) {
  const total = data.total;
  const first = data.offset + 1, last = data.offset + data.hits.length;
  const count = (data.total_exact ? "" : "about ") + total.toLocaleString() + (total === 1 ? " matching article" : " matching articles");
  const shown = (state.passages ? "passages " : "") + (first === last ? String(first) : first + "–" + last);
  setStatus(data.hits.length ? shown + (state.passages ? " from " : " of ") + count + " (" + data.took_ms.toFixed(1) + " ms)" :
            (data.offset > 0 && total > 0 ? "No more hits: " + count : "Nothing matches" + (data.total ? "" : ".")));
  renderNotes(data);
  const list = $("results");
  list.replaceChildren();
  list.start = first;
  for (const hit of data.hits) list.append(renderHit(hit));
  renderPager(total, data.total_exact, data.hits.length === PAGE_SIZE);
  renderTimeline(data.facets, total, data.total_exact);
  renderFacets(data.facets);
}

function renderNotes(data) {
  const notes = $("notes");
  notes.replaceChildren();
  if (data.searched_for) {
    notes.append("Nothing matches the query as typed; showing results for ", el("b", null, data.searched_for), ".");
  } else if (data.suggestion) {
    const a = el("button", "link", data.suggestion);
    a.type = "button";
    a.addEventListener("click", () => { state.q = data.suggestion; state.offset = 0; go(); });
    notes.append("Did you mean: ", a, "?");
  }
  for (const w of data.warnings) {
    if (notes.childNodes.length) notes.append(el("br"));
    notes.append("Query: " + w);
  }
  notes.hidden = notes.childNodes.length === 0;
}

function renderHit(hit) {
  const li = el("li", "hit");
  const title = el("button", "hit-title");
  title.type = "button";
  title.append(markedText(hit.title || hit.article, hit.title_highlights));
  title.addEventListener("click", () => openReader(hit.id, hit.passage, title));
  const meta = el("p", "meta");
  const parts = [hit.date || "undated"];
  if (hit.author) parts.push(hit.author);
  if (hit.source) parts.push(hit.source);
  meta.append(shown(parts.join(" · ") + " · "), el("span", "path", hit.article + (hit.passage ? " §" + (hit.passage + 1) : "")));
  const snippet = el("p", "snippet");
  snippet.append(markedText(hit.snippet, hit.highlights));
  li.append(title, meta, snippet);
  return li;
}

// Pages of articles; with every passage listed, as far as the hits go (an
// article may give several).
function renderPager(total, exact, full) {
  const pager = $("pager");
  pager.replaceChildren();
  const current = Math.floor(state.offset / PAGE_SIZE);
  const pages = state.passages ? current + (full ? 2 : 1) : Math.ceil(Math.min(total, 10000 + PAGE_SIZE) / PAGE_SIZE);
  if (pages <= 1 && state.offset === 0) return;
  const button = (label, page, disabled, aria) => {
    const b = el("button", null, label);
    b.type = "button";
    b.disabled = disabled;
    if (aria) b.setAttribute("aria-label", aria);
    if (page === current && label === String(page + 1)) b.setAttribute("aria-current", "page");
    b.addEventListener("click", () => { state.offset = page * PAGE_SIZE; go(); window.scrollTo(0, 0); });
    return b;
  };
  pager.append(button("‹ Previous", current - 1, current === 0, "previous page"));
  const from = Math.max(0, current - 3), to = Math.min(pages - 1, current + 3);
  for (let i = from; i <= to; ++i) pager.append(button(String(i + 1), i, false, "page " + (i + 1)));
  if (!exact && to === pages - 1) pager.append(el("span", "facet-more", "…"));
  pager.append(button("Next ›", current + 1, current >= pages - 1, "next page"));
}

// Bars by year; by month when the matching articles span three years or less.
function renderTimeline(facets, total, exact) {
  const section = $("timeline");
  const bars = $("bars");
  bars.replaceChildren();
  section.querySelectorAll(".bar-labels").forEach((n) => n.remove());
  if (!facets || !facets.year.length) { section.hidden = true; return; }
  const years = facets.year.map((y) => parseInt(y.value, 10));
  const byMonth = years[years.length - 1] - years[0] < 3 && facets.month.length > 0;
  let slots = [];
  if (byMonth) {
    const counts = new Map(facets.month.map((m) => [m.value, m.count]));
    for (let y = years[0]; y <= years[years.length - 1]; ++y) {
      for (let m = 1; m <= 12; ++m) {
        const key = y + "-" + String(m).padStart(2, "0");
        slots.push({ label: key, count: counts.get(key) || 0, since: key + "-01", until: key + "-" + String(new Date(y, m, 0).getDate()).padStart(2, "0") });
      }
    }
    // Trim empty months at both ends.
    while (slots.length > 1 && !slots[0].count) slots.shift();
    while (slots.length > 1 && !slots[slots.length - 1].count) slots.pop();
  } else {
    const counts = new Map(facets.year.map((y) => [parseInt(y.value, 10), y.count]));
    for (let y = years[0]; y <= years[years.length - 1]; ++y) {
      slots.push({ label: String(y), count: counts.get(y) || 0, since: y + "-01-01", until: y + "-12-31" });
    }
  }
  $("timeline-unit").textContent = byMonth ? "month" : "year";
  const dated = facets.year.reduce((sum, y) => sum + y.count, 0);
  $("undated").textContent = exact && total > dated ? (total - dated).toLocaleString() + " undated, not shown" : "";
  const most = Math.max(...slots.map((s) => s.count), 1);
  for (const s of slots) {
    const b = el("button", "bar");
    b.type = "button";
    b.style.height = Math.max(2, Math.round((100 * s.count) / most)) + "%";
    const text = s.label + ": " + s.count.toLocaleString() + (s.count === 1 ? " article" : " articles");
    b.title = text + " (click to search only these)";
    b.setAttribute("aria-label", text);
    b.addEventListener("click", () => { state.since = s.since; state.until = s.until; state.offset = 0; go(); });
    bars.append(b);
  }
  const labels = el("div", "bar-labels");
  labels.append(el("span", null, slots[0].label));
  if (slots.length > 1) labels.append(el("span", null, slots[slots.length - 1].label));
  bars.after(labels);
  section.hidden = false;
}

function renderFacets(facets) {
  const box = $("facets");
  box.replaceChildren();
  if (!facets) return;
  const group = (title, values, other, pick) => {
    if (!values.length) return;
    const section = el("section");
    section.append(el("h2", null, title));
    const ul = el("ul", "facet");
    for (const v of values) {
      const li = el("li");
      const b = el("button", null, v.value);
      b.type = "button";
      b.addEventListener("click", () => { pick(v.value); state.offset = 0; go(); });
      li.append(b, el("span", "count", v.count.toLocaleString()));
      ul.append(li);
    }
    section.append(ul);
    if (other) section.append(el("p", "facet-more", "and " + other.toLocaleString() + " more"));
    box.append(section);
  };
  group("Authors", facets.author, facets.author_other, (v) => { state.author = v; });
  group("Sources", facets.source, facets.source_other, (v) => { state.source = v; });
}

async function openReader(id, passage, from) {
  lastFocus = from || document.activeElement;
  const reader = $("reader");
  const body = $("reader-body");
  $("reader-title").textContent = "Loading…";
  $("reader-meta").textContent = "";
  body.replaceChildren();
  reader.hidden = false;
  $("reader-close").focus();
  let a;
  try {
    a = await getJson("/api/articles/" + encodeURIComponent(id) + "?q=" + encodeURIComponent(ranQuery));
  } catch (e) {
    $("reader-title").textContent = e.message;
    return;
  }
  $("reader-title").replaceChildren(markedText(a.title || a.article, a.title_highlights));
  const parts = [a.date || "undated"];
  if (a.author) parts.push(a.author);
  if (a.source) parts.push(a.source);
  $("reader-meta").replaceChildren(shown(parts.join(" · ") + " · "), el("span", "path", a.path));
  const bytes = encoder.encode(a.text);
  const ranges = a.passages.length ? a.passages : [{ begin: 0, end: bytes.length, boilerplate: false }];
  let current = null;
  ranges.forEach((r, i) => {
    const p = el("p", r.boilerplate ? "boilerplate" : null);
    p.append(marked(bytes, a.highlights, r.begin, r.end));
    if (i === passage) { p.classList.add("current"); current = p; }
    body.append(p);
  });
  if (current) current.scrollIntoView({ block: "center" });
}

function closeReader() {
  $("reader").hidden = true;
  if (lastFocus) lastFocus.focus();
}

function go() {
  history.pushState(null, "", address());
  search();
}

function fromForm() {
  state.q = $("q").value;
  state.since = $("since").value;
  state.until = $("until").value;
  state.author = $("author").value.trim();
  state.sort = $("sort").value;
  state.passages = $("passages").checked;
  state.offset = 0;
}

document.addEventListener("DOMContentLoaded", () => {
  $("search").addEventListener("submit", (e) => { e.preventDefault(); fromForm(); go(); });
  for (const id of ["since", "until", "sort", "passages"]) $(id).addEventListener("change", () => { fromForm(); go(); });
  $("author").addEventListener("change", () => { fromForm(); go(); });
  $("help-toggle").addEventListener("click", () => {
    const help = $("help");
    help.hidden = !help.hidden;
    $("help-toggle").setAttribute("aria-expanded", String(!help.hidden));
  });
  $("reader-close").addEventListener("click", closeReader);
  $("reader").addEventListener("click", (e) => { if (e.target === $("reader")) closeReader(); });
  document.addEventListener("keydown", (e) => {
    if (e.key === "Tab" && !$("reader").hidden) {
      // The reading view is modal: Tab moves between its close button and its text, not the page behind.
      const page = document.querySelector(".reader-page");
      e.preventDefault();
      (document.activeElement === $("reader-close") ? page : $("reader-close")).focus();
      return;
    }
    if (e.key === "Escape") {
      if (!$("reader").hidden) closeReader();
      else if (!$("help").hidden) $("help-toggle").click();
      return;
    }
    const typing = /^(INPUT|SELECT|TEXTAREA)$/.test(document.activeElement.tagName);
    if (typing || e.ctrlKey || e.metaKey || e.altKey || !$("reader").hidden) return;
    if (e.key === "/") { e.preventDefault(); $("q").focus(); $("q").select(); }
    else if (e.key === "?") $("help-toggle").click();
    else if (e.key === "n") document.querySelector("#pager button:last-child:not(:disabled)")?.click();
    else if (e.key === "p") document.querySelector("#pager button:first-child:not(:disabled)")?.click();
  });
  // Back and Forward show another search: an article open over this one is closed.
  window.addEventListener("popstate", () => { $("reader").hidden = true; readAddress(); search(); });
  readAddress();
  search();
  if (!state.q) $("q").focus();
});
