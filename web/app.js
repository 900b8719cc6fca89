// The actorgraph workbench: a SPARQL editor with the named queries, a path finder and entity
// pages over the server's JSON API. Every view keeps its state in the URL, so a URL reproduces
// what was on the screen. No network but this server's own API.
"use strict";

const $ = (id) => document.getElementById(id);
const enc = encodeURIComponent;
const state = {
  families: [],
  confidence: [],
  prefixes: {},
  queries: [],
  yasqe: null,
  yasr: null,
  named: null,
  lastRequest: null,
  status: null,
};

// ---------------------------------------------------------------- helpers

/** An element with attributes and children (strings become text nodes, never HTML). */
function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") node.className = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

async function getJSON(url) {
  const response = await fetch(url, { headers: { Accept: "application/json" } });
  const text = await response.text();
  let body;
  try {
    body = JSON.parse(text);
  } catch (_) {
    body = { error: text.trim() || response.statusText };
  }
  if (!response.ok) {
    const error = new Error(body.error || response.statusText);
    error.body = body;
    error.status = response.status;
    throw error;
  }
  return body;
}

/** An IRI in its prefixed form when a known prefix fits (agd:China), else as it is. */
function compact(iri) {
  for (const [prefix, namespace] of Object.entries(state.prefixes)) {
    if (iri.startsWith(namespace) && /^[A-Za-z0-9_-]+$/.test(iri.slice(namespace.length))) {
      return `${prefix}:${iri.slice(namespace.length)}`;
    }
  }
  return iri;
}

function showError(box, error) {
  box.hidden = false;
  box.replaceChildren(el("strong", {}, error.status ? `${error.status}: ` : ""), error.message);
  const candidates = (error.body && error.body.candidates) || [];
  if (candidates.length) {
    box.append(
      el("div", { class: "candidates" }, "Did you mean: ",
        candidates.map((c) => el("button", {
          type: "button", class: "link", "data-iri": c.iri,
          onclick: () => box.dispatchEvent(new CustomEvent("choose", { detail: c })),
        }, `${c.label} (${c.class || "?"})`)))
    );
  }
}

function clearError(box) {
  box.hidden = true;
  box.replaceChildren();
}

function entityLink(node) {
  return el("a", { href: `/entity?node=${enc(compact(node.iri))}`, class: "node", title: node.iri, "data-iri": node.iri },
    node.label);
}

function navigate(url) {
  history.pushState(null, "", url);
  route();
}

// ---------------------------------------------------------------- routing

const VIEWS = { "/": "home", "/query": "query", "/path": "path", "/entity": "entity" };

function route() {
  const view = VIEWS[location.pathname] || "home";
  for (const section of document.querySelectorAll(".view")) section.hidden = section.id !== `view-${view}`;
  for (const link of document.querySelectorAll("nav a")) link.classList.toggle("active", link.dataset.view === view);
  const params = new URLSearchParams(location.search);
  if (view === "query") openQuery(params);
  if (view === "path") openPath(params);
  if (view === "entity") openEntity(params);
  document.title = `actorgraph · ${{ home: "workbench", query: "SPARQL", path: "path finder", entity: "entity" }[view]}`;
}

document.addEventListener("click", (event) => {
  const link = event.target.closest("a[href^='/']");
  if (!link || event.ctrlKey || event.metaKey || event.shiftKey || link.target) return;
  const url = new URL(link.href);
  if (!(url.pathname in VIEWS)) return;
  event.preventDefault();
  navigate(url.pathname + url.search);
});
window.addEventListener("popstate", route);

// ---------------------------------------------------------------- name completion

/** Suggestions under a name box, from /api/names; the chosen node's IRI is kept. */
function autocomplete(input) {
  const list = el("ul", { class: "suggestions", role: "listbox", hidden: true });
  input.parentNode.append(list);
  let items = [];
  let active = -1;
  let timer = null;
  const close = () => {
    list.hidden = true;
    active = -1;
  };
  const choose = (index) => {
    const item = items[index];
    if (!item) return;
    input.value = item.label;
    input.dataset.iri = item.iri;
    input.dataset.label = item.label;
    close();
    input.dispatchEvent(new Event("chosen"));
  };
  const render = () => {
    list.replaceChildren(...items.map((item, index) => el("li", {
      role: "option", class: index === active ? "active" : "", "data-iri": item.iri,
      onmousedown: (event) => {
        event.preventDefault();
        choose(index);
      },
    }, el("span", { class: "label" }, item.label), el("span", { class: "class" }, item.class))));
    list.hidden = items.length === 0;
  };
  const suggest = async () => {
    const typed = input.value.trim();
    if (!typed) {
      items = [];
      close();
      return;
    }
    try {
      const found = await getJSON(`/api/names?limit=8&q=${enc(typed)}`);
      if (input.value.trim() !== typed) return;
      items = found;
      active = -1;
      render();
    } catch (_) {
      close();
    }
  };
  input.addEventListener("input", () => {
    delete input.dataset.iri;
    clearTimeout(timer);
    timer = setTimeout(suggest, 120);
  });
  input.addEventListener("keydown", (event) => {
    if (list.hidden) return;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      const step = event.key === "ArrowDown" ? 1 : -1;
      active = (active + step + items.length) % items.length;
      render();
    } else if (event.key === "Enter" && active >= 0) {
      event.preventDefault();
      choose(active);
    } else if (event.key === "Escape") {
      close();
    }
  });
  input.addEventListener("blur", () => setTimeout(close, 150));
}

/** What a name box names: the chosen node's prefixed IRI, or the text as typed. */
function nameValue(input) {
  const typed = input.value.trim();
  if (input.dataset.iri && input.dataset.label === typed) return compact(input.dataset.iri);
  return typed;
}

function setName(input, value) {
  input.value = value || "";
  delete input.dataset.iri;
}

// ---------------------------------------------------------------- hops and evidence

function evidenceItem(evidence) {
  const where = evidence.file ? `${evidence.file}:${evidence.lines[0]}${evidence.lines[1] !== evidence.lines[0] ? `-${evidence.lines[1]}` : ""}` : "";
  return el("li", { class: "evidence" },
    el("span", { class: "source", title: evidence.source }, evidence.title),
    where ? el("code", { class: "lines" }, where) : null,
    evidence.confidence ? el("span", { class: `confidence c-${evidence.confidence}` }, evidence.confidence) : null,
    evidence.hedge ? el("span", { class: "hedge" }, `“${evidence.hedge}”`) : null,
    evidence.cited && evidence.cited.length ? el("span", { class: "cited" }, `cites ${evidence.cited.join(", ")}`) : null);
}

function factItem(fact) {
  return el("li", { class: "fact" },
    el("div", { class: "summary" },
      fact.summary,
      fact.qualifiers.length ? el("span", { class: "qualifiers" }, ` (${fact.qualifiers.join(", ")})`) : null,
      fact.confidence ? el("span", { class: `confidence c-${fact.confidence}` }, fact.confidence) : null),
    el("ul", { class: "evidence-list" }, fact.evidence.map(evidenceItem)));
}

function hopItem(hop) {
  return el("li", { class: "hop" },
    el("div", { class: "hop-line" },
      entityLink(hop.from), " ",
      el("span", { class: `wording f-${hop.relation.family || "none"}` }, `—${hop.wording}→`), " ",
      entityLink(hop.to),
      hop.relation.family ? el("span", { class: "family" }, hop.relation.family) : null),
    hop.facts.length
      ? el("ul", { class: "facts" }, hop.facts.map(factItem))
      : el("p", { class: "muted" }, "asserted without a fact or evidence"));
}

// ---------------------------------------------------------------- diagrams

/** Shows the SVG (or, without Graphviz on the server, the DOT text) of a diagram request. */
async function showDiagram(box, url) {
  box.replaceChildren(el("p", { class: "muted" }, "Drawing…"));
  try {
    const response = await fetch(url);
    const text = await response.text();
    if (!response.ok) {
      let message = text;
      try {
        message = JSON.parse(text).error;
      } catch (_) { /* plain text */ }
      box.replaceChildren(el("p", { class: "error" }, message));
      return;
    }
    const type = response.headers.get("content-type") || "";
    if (!type.startsWith("image/svg+xml")) {
      box.replaceChildren(el("p", { class: "muted" }, "Graphviz is not installed on the server; the diagram as DOT:"),
        el("pre", { class: "dot" }, text));
      return;
    }
    const doc = new DOMParser().parseFromString(text, "image/svg+xml");
    const svg = doc.documentElement;
    for (const script of svg.querySelectorAll("script, foreignObject")) script.remove();
    for (const node of svg.querySelectorAll("*")) {
      for (const attr of [...node.attributes]) {
        if (attr.name.startsWith("on") || /^\s*javascript:/i.test(attr.value)) node.removeAttribute(attr.name);
      }
    }
    svg.removeAttribute("width");
    svg.removeAttribute("height");
    svg.classList.add("graph");
    for (const node of svg.querySelectorAll("g.node")) {
      const title = node.querySelector("title");
      const iri = title ? title.textContent : "";
      if (/^[a-z][a-z0-9+.-]*:\/\//i.test(iri)) node.classList.add("clickable");
    }
    box.replaceChildren(document.importNode(svg, true));
    for (const node of box.querySelectorAll("g.node.clickable")) {
      const iri = node.querySelector("title").textContent;
      node.addEventListener("click", () => navigate(`/entity?node=${enc(compact(iri))}`));
    }
    box.append(el("p", { class: "muted small" }, el("a", { href: url, download: "diagram.svg" }, "Download SVG"), " · ",
      el("a", { href: url.replace(/([?&])format=svg/, "$1format=dot") + (url.includes("format=") ? "" : "&format=dot"), download: "diagram.dot" }, "DOT")));
  } catch (error) {
    box.replaceChildren(el("p", { class: "error" }, String(error.message || error)));
  }
}

// ---------------------------------------------------------------- SPARQL view

const RESULT_TYPES = [
  ["JSON", "application/sparql-results+json", "json"],
  ["XML", "application/sparql-results+xml", "xml"],
  ["CSV", "text/csv", "csv"],
  ["TSV", "text/tab-separated-values", "tsv"],
];
const GRAPH_TYPES = [
  ["Turtle", "text/turtle", "ttl"],
  ["N-Triples", "application/n-triples", "nt"],
  ["RDF/XML", "application/rdf+xml", "rdf"],
  ["JSON-LD", "application/ld+json", "jsonld"],
];

function initQueryView() {
  if (state.yasqe) return;
  const Yasqe = window.Yasqe.default || window.Yasqe;
  const Yasr = window.Yasr.default || window.Yasr;
  state.yasqe = new Yasqe($("editor"), {
    persistenceId: null,
    autocompleters: ["prefixes", "variables"],
    prefixCcApi: "/api/prefixes",
    showQueryButton: false,
    resizeable: true,
    editorHeight: "280px",
    createShareableLink: null,
    requestConfig: { endpoint: "/sparql", method: "POST" },
    value: "SELECT ?actor ?label WHERE {\n  ?actor a ag:State ; rdfs:label ?label .\n}\nORDER BY ?label\nLIMIT 20",
  });
  const keys = Object.assign({}, state.yasqe.getOption("extraKeys"), {
    "Ctrl-Enter": () => runQuery(),
    "Cmd-Enter": () => runQuery(),
  });
  state.yasqe.setOption("extraKeys", keys);
  state.yasr = new Yasr($("results"), {
    persistenceId: null,
    prefixes: state.prefixes,
    pluginOrder: ["table", "response"],
    defaultPlugin: "table",
  });
  $("run-query").addEventListener("click", () => runQuery());
  renderNamedQueries();
}

function renderNamedQueries() {
  $("named-queries").replaceChildren(...state.queries.map((query) => el("li", {},
    el("a", { href: `/query?name=${enc(query.name)}`, title: query.purpose, "data-name": query.name }, query.name),
    el("span", { class: "purpose" }, query.purpose))));
}

function selectNamed(name, values) {
  const query = state.queries.find((q) => q.name === name);
  if (!query) return false;
  state.named = query;
  $("named-header").hidden = false;
  $("named-title").textContent = query.name;
  $("named-purpose").textContent = query.purpose;
  $("named-params").replaceChildren(...query.params.map((param) => el("label", {},
    el("span", { class: "param-name" }, `?${param.name}`),
    el("input", { name: param.name, value: values[param.name] || "", placeholder: "any", title: param.description }),
    el("span", { class: "param-doc" }, param.description))));
  state.yasqe.setValue(query.text);
  for (const link of $("named-queries").querySelectorAll("a")) link.classList.toggle("active", link.dataset.name === name);
  return true;
}

function openQuery(params) {
  initQueryView();
  const name = params.get("name");
  const text = params.get("q");
  if (name) {
    const values = {};
    for (const [key, value] of params) if (key.startsWith("param.")) values[key.slice(6)] = value;
    if (selectNamed(name, values)) runQuery({ push: false });
  } else {
    state.named = null;
    $("named-header").hidden = true;
    for (const link of $("named-queries").querySelectorAll("a")) link.classList.remove("active");
    if (text !== null) {
      state.yasqe.setValue(text);
      runQuery({ push: false });
    }
  }
  setTimeout(() => state.yasqe.refresh(), 0);
}

/** The request a run makes: a named query with its parameters, or the editor's text. */
function queryRequest() {
  const text = state.yasqe.getValue();
  if (state.named && text === state.named.text) {
    const search = new URLSearchParams();
    const page = new URLSearchParams({ name: state.named.name });
    for (const input of $("named-params").querySelectorAll("input")) {
      if (input.value.trim()) {
        search.append(input.name, input.value.trim());
        page.append(`param.${input.name}`, input.value.trim());
      }
    }
    return { url: `/api/queries/${enc(state.named.name)}?${search}`, init: {}, page: `/query?${page}` };
  }
  return {
    url: "/sparql",
    init: { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ query: text }) },
    page: `/query?${new URLSearchParams({ q: text })}`,
  };
}

async function runQuery(options = { push: true }) {
  const request = queryRequest();
  if (options.push !== false && location.pathname + location.search !== request.page) history.pushState(null, "", request.page);
  clearError($("query-error"));
  $("query-info").textContent = "Running…";
  const started = performance.now();
  const init = Object.assign({}, request.init);
  init.headers = Object.assign({}, init.headers, { Accept: "application/sparql-results+json, text/turtle;q=0.9" });
  try {
    const response = await fetch(request.url, init);
    const text = await response.text();
    const elapsed = Math.round(performance.now() - started);
    if (!response.ok) {
      let message = text.trim();
      try {
        message = JSON.parse(text).error;
      } catch (_) { /* plain text */ }
      $("query-info").textContent = "";
      showError($("query-error"), Object.assign(new Error(message), { status: response.status }));
      state.yasr.setResponse({ data: "", error: { status: response.status, text: message }, status: response.status });
      return;
    }
    const type = (response.headers.get("content-type") || "").split(";")[0];
    state.lastRequest = request;
    state.yasr.setResponse({ data: text, contentType: type, status: response.status, executionTime: elapsed });
    let summary = `${elapsed} ms`;
    if (type === "application/sparql-results+json") {
      const json = JSON.parse(text);
      summary = "boolean" in json ? `${json.boolean} · ${summary}` : `${json.results.bindings.length} rows · ${summary}`;
    }
    $("query-info").textContent = summary;
    renderDownloads(type === "application/sparql-results+json" ? RESULT_TYPES : GRAPH_TYPES);
  } catch (error) {
    $("query-info").textContent = "";
    showError($("query-error"), error);
  }
}

function renderDownloads(types) {
  $("download-links").replaceChildren(...types.map(([label, type, extension]) => el("button", {
    type: "button", class: "link", "data-type": type,
    onclick: () => download(type, `${state.named ? state.named.name : "results"}.${extension}`),
  }, label)));
}

async function download(type, filename) {
  const request = state.lastRequest || queryRequest();
  const init = Object.assign({}, request.init);
  init.headers = Object.assign({}, init.headers, { Accept: type });
  if (init.body) init.body = new URLSearchParams(init.body);
  const response = await fetch(request.url, init);
  if (!response.ok) {
    showError($("query-error"), Object.assign(new Error(await response.text()), { status: response.status }));
    return;
  }
  const url = URL.createObjectURL(await response.blob());
  const link = el("a", { href: url, download: filename });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

// ---------------------------------------------------------------- path view

function familyBoxes(box, name) {
  box.replaceChildren(...state.families.map((family) => el("label", { class: "check" },
    el("input", { type: "checkbox", name, value: family.key }), family.label)));
}

function initPathView() {
  if ($("path-form").dataset.ready) return;
  $("path-form").dataset.ready = "1";
  autocomplete($("path-from"));
  autocomplete($("path-to"));
  familyBoxes($("path-via"), "via");
  familyBoxes($("path-exclude"), "exclude");
  $("path-min-confidence").append(...state.confidence.map((level) => el("option", { value: level.key }, level.label)));
  $("path-form").addEventListener("submit", (event) => {
    event.preventDefault();
    navigate(`/path?${pathParams()}`);
  });
  $("path-error").addEventListener("choose", (event) => {
    // The message quotes the name that failed: offer the candidate in that box.
    const quoted = (/'([^']*)'/.exec($("path-error").textContent) || [])[1];
    const input = quoted === $("path-to").value.trim() ? $("path-to") : $("path-from");
    input.value = event.detail.label;
    input.dataset.iri = event.detail.iri;
    input.dataset.label = event.detail.label;
  });
}

function pathParams() {
  const params = new URLSearchParams();
  params.set("from", nameValue($("path-from")));
  params.set("to", nameValue($("path-to")));
  if ($("path-k").value !== "1") params.set("k", $("path-k").value);
  if ($("path-max-hops").value !== "6") params.set("max_hops", $("path-max-hops").value);
  if ($("path-min-confidence").value) params.set("min_confidence", $("path-min-confidence").value);
  if ($("path-as-of").value.trim()) params.set("as_of", $("path-as-of").value.trim());
  if ($("path-directed").checked) params.set("directed", "true");
  for (const name of ["via", "exclude"]) {
    const chosen = [...$(`path-${name}`).querySelectorAll("input:checked")].map((box) => box.value);
    if (chosen.length) params.set(name, chosen.join(","));
  }
  return params;
}

async function openPath(params) {
  initPathView();
  setName($("path-from"), params.get("from"));
  setName($("path-to"), params.get("to"));
  $("path-k").value = params.get("k") || "1";
  $("path-max-hops").value = params.get("max_hops") || "6";
  $("path-min-confidence").value = params.get("min_confidence") || "";
  $("path-as-of").value = params.get("as_of") || "";
  $("path-directed").checked = ["true", "1", "yes", "on"].includes(params.get("directed"));
  for (const name of ["via", "exclude"]) {
    const chosen = (params.get(name) || "").split(",");
    for (const box of $(`path-${name}`).querySelectorAll("input")) box.checked = chosen.includes(box.value);
  }
  const filtered = ["k", "max_hops", "min_confidence", "as_of", "directed", "via", "exclude"].some((p) => params.has(p));
  $("path-filters").open = filtered;
  clearError($("path-error"));
  $("path-hops").replaceChildren();
  $("path-diagram").replaceChildren();
  if (!params.get("from") || !params.get("to")) return;
  $("path-hops").replaceChildren(el("p", { class: "muted" }, "Searching…"));
  try {
    const report = await getJSON(`/api/path?${params}`);
    renderPaths(report);
    if (report.paths.length) showDiagram($("path-diagram"), `/api/diagram?kind=path&${params}`);
  } catch (error) {
    $("path-hops").replaceChildren();
    showError($("path-error"), error);
  }
}

function renderPaths(report) {
  const box = $("path-hops");
  if (!report.paths.length) {
    box.replaceChildren(el("p", { class: "none" },
      `No path from ${report.from ? report.from.label : "?"} to ${report.to ? report.to.label : "?"} within the bounds and filters.`));
    return;
  }
  box.replaceChildren(...report.paths.map((path, index) => el("section", { class: "path" },
    el("h3", {}, `Path ${index + 1}`, el("span", { class: "muted" }, ` · ${path.length} hop${path.length === 1 ? "" : "s"}`)),
    el("ol", { class: "hop-list" }, path.hops.map(hopItem)))));
}

// ---------------------------------------------------------------- entity view

function initEntityView() {
  if ($("entity-form").dataset.ready) return;
  $("entity-form").dataset.ready = "1";
  autocomplete($("entity-node"));
  $("entity-node").addEventListener("chosen", () => $("entity-form").requestSubmit());
  $("entity-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const params = new URLSearchParams({ node: nameValue($("entity-node")) });
    if ($("entity-depth").value !== "1") params.set("depth", $("entity-depth").value);
    navigate(`/entity?${params}`);
  });
  $("entity-error").addEventListener("choose", (event) => navigate(`/entity?node=${enc(compact(event.detail.iri))}`));
}

async function openEntity(params) {
  initEntityView();
  const node = params.get("node");
  const depth = params.get("depth") || "1";
  setName($("entity-node"), node);
  $("entity-depth").value = depth;
  clearError($("entity-error"));
  $("entity-header").replaceChildren();
  $("entity-facts").replaceChildren();
  $("entity-diagram").replaceChildren();
  if (!node) return;
  try {
    const report = await getJSON(`/api/neighbours?node=${enc(node)}&depth=${enc(depth)}`);
    renderEntity(report, depth);
    showDiagram($("entity-diagram"), `/api/diagram?kind=focus&collapse=true&node=${enc(compact(report.node.iri))}&depth=${enc(depth)}`);
  } catch (error) {
    showError($("entity-error"), error);
  }
}

function renderEntity(report, depth) {
  const node = report.node;
  const short = compact(node.iri);
  const neighbours = new Map();
  for (const hop of report.hops) {
    for (const end of [hop.from, hop.to]) if (end.iri !== node.iri) neighbours.set(end.iri, end);
  }
  $("entity-header").replaceChildren(
    el("h1", {}, node.label, el("span", { class: "class" }, node.class_label)),
    el("p", { class: "iri" }, el("code", {}, node.iri)),
    el("p", { class: "links" },
      el("a", { href: `/path?from=${enc(short)}` }, "Paths from here"), " · ",
      el("a", { href: `/query?name=evidence-for&param.entity=${enc(short)}` }, "Every fact (named query evidence-for)"), " · ",
      el("a", { href: `/query?q=${enc(`DESCRIBE <${node.iri}>`)}` }, "DESCRIBE")),
    el("p", { class: "muted" }, `${report.hops.length} connection${report.hops.length === 1 ? "" : "s"} within ${depth} hop${depth === "1" ? "" : "s"}; ${neighbours.size} neighbour${neighbours.size === 1 ? "" : "s"}: `,
      [...neighbours.values()].sort((a, b) => a.label.localeCompare(b.label)).flatMap((n, i) => (i ? [", ", entityLink(n)] : [entityLink(n)]))));
  $("entity-facts").replaceChildren(
    report.hops.length
      ? el("ol", { class: "hop-list" }, report.hops.map((hop) => {
        const item = hopItem(hop);
        if (hop.depth > 1) item.classList.add("deeper");
        return item;
      }))
      : el("p", { class: "none" }, "No fact in the graph connects this node."));
}

// ---------------------------------------------------------------- start

async function start() {
  try {
    const [status, vocabulary, queries] = await Promise.all([
      getJSON("/api/status"), getJSON("/api/vocabulary"), getJSON("/api/queries"),
    ]);
    state.status = status;
    state.families = vocabulary.families;
    state.confidence = vocabulary.confidence;
    state.prefixes = vocabulary.prefixes;
    state.queries = queries;
    $("status").textContent = `${status.writable ? "writable" : "read-only"} · generation ${status.generation} · ${status.graphs} graphs`;
  } catch (error) {
    $("status").textContent = `cannot reach the server: ${error.message}`;
  }
  route();
}

start();
