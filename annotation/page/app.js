// The labelling page: it shows what /api/state says and sends each answer
// to the server, which writes it to the log before it replies. Nothing is
// kept in the browser: a reload or a restart of the server shows the same
// sentence again.
"use strict";

const $ = (id) => document.getElementById(id);
let state = null;
let sel = { stance: "", sentiment: "" };
let busy = false;
let renders = 0;

function el(tag, attrs, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "class") e.className = v;
    else if (k.startsWith("data-")) e.setAttribute(k, v);
    else e[k] = v;
  }
  for (const k of kids) e.append(k);
  return e;
}

async function call(method, path, body) {
  busy = true;
  document.body.dataset.busy = "1";
  try {
    const res = await fetch(path, {
      method,
      headers: body ? { "Content-Type": "application/json" } : {},
      body: body ? JSON.stringify(body) : undefined,
    });
    const data = await res.json();
    if (!res.ok) {
      showError(data.error || res.statusText, res.status);
      if (data.state) render(data.state, res.status === 500);
      return null;
    }
    hideError();
    return data;
  } catch (e) {
    showError("The server does not answer (" + e.message + "). Nothing more is saved until it runs again: start stance label with the same log, then reload.", 0);
    return null;
  } finally {
    busy = false;
    document.body.dataset.busy = "0";
  }
}

function showError(msg, code) {
  const e = $("error");
  e.textContent = (code === 500 ? "NOT SAVED: " : "") + msg;
  e.hidden = false;
}
function hideError() { $("error").hidden = true; }

async function load() {
  const s = await call("GET", "api/state");
  if (s) render(s, false);
}

function render(s, keepSelection) {
  const sameItem = state && state.item && s.item && state.item.article === s.item.article && state.item.index === s.item.index;
  state = s;
  if (!(keepSelection && sameItem)) sel = { stance: "", sentiment: "" };
  const p = s.progress;
  $("who").textContent = `${s.annotator} · ${s.phase} · order: ${s.order}`;
  const done = p.labelled + p.skipped;
  $("bar-fill").style.width = (p.total ? (100 * done) / p.total : 0) + "%";
  $("progress-text").textContent = `${done} of ${p.total} done (${p.labelled} labelled, ${p.skipped} skipped) · ${p.remaining} to go` + (p.twins ? ` (${p.twins} near-duplicates of labelled ones)` : "");
  renderItem(s.item);
  renderButtons(s);
  renderStats(s);
  $("undo").disabled = !s.can_undo;
  document.body.dataset.renders = String(++renders);
}

function renderItem(it) {
  $("card").hidden = !it;
  $("done").hidden = !!it;
  if (!it) {
    $("export-cmd").textContent = "stance label --export --log " + state.log + " -o labelled.jsonl";
    document.body.dataset.article = "";
    document.body.dataset.index = "";
    return;
  }
  document.body.dataset.article = it.article;
  document.body.dataset.index = String(it.index);
  const m = it.meta || {};
  const metaParts = [it.article + ` · sentence ${it.index + 1} of ${it.of}`];
  if (m.title) metaParts.unshift(m.title);
  if (m.date) metaParts.push(m.date);
  for (const k of ["collection", "topic", "style"]) if (m[k]) metaParts.push(m[k]);
  $("meta").textContent = metaParts.join(" · ");
  $("before").textContent = (it.before || []).join(" ");
  $("sentence").textContent = it.text;
  $("after").textContent = (it.after || []).join(" ");
  const notes = [];
  const pickNote = {
    overlap: "Overlap sample: every annotator labels this sentence, for agreement.",
    cold: "Drawn at random while the model knows too few of your labels.",
    random: "Drawn at random (an unbiased check of the model on your data).",
    uncertain: "The model is least sure of this one.",
    twin: "A near-duplicate of a sentence you labelled.",
  }[it.pick];
  if (pickNote) notes.push(el("div", { class: "pick" }, pickNote));
  if (it.offer) {
    notes.push(el("div", { class: "offer" }, `Near-duplicate labelled ${it.offer.stance} / ${it.offer.sentiment}: `, el("kbd", {}, "Enter"), " accepts, or choose.", el("div", { class: "twin-text" }, it.offer.text)));
  }
  if (it.undone) {
    notes.push(el("div", { class: "undone" }, "Undone: " + (it.undone.skipped ? "was skipped" : `was ${it.undone.stance} / ${it.undone.sentiment}`) + "."));
  }
  $("notice").replaceChildren(...notes);
  const g = it.guess;
  $("guess").textContent = g ? `Model's guess: ${g.stance} ${g.stance_p.toFixed(2)} · ${g.sentiment} ${g.sentiment_p.toFixed(2)}` : "Model's guess: none yet";
}

function renderButtons(s) {
  for (const target of ["stance", "sentiment"]) {
    const row = $(target + "-row");
    const label = row.querySelector(".row-label");
    const buttons = s.keys.filter((k) => k.target === target).map((k) => {
      const b = el("button", { type: "button", class: "choice" + (sel[target] === k.label ? " selected" : ""), "data-target": target, "data-label": k.label }, el("kbd", {}, k.key), " " + k.label);
      b.addEventListener("click", () => choose(target, k.label));
      return b;
    });
    row.replaceChildren(label, ...buttons);
  }
  $("key-help").textContent = s.keys.map((k) => `${k.key} ${k.label}`).join(", ");
}

function renderStats(s) {
  const byTarget = { stance: [], sentiment: [] };
  for (const k of s.keys) byTarget[k.target].push(`${k.label} ${k.count}`);
  $("counts").textContent = `Your labels: stance ${byTarget.stance.join(", ")}; sentiment ${byTarget.sentiment.join(", ")}`;
  $("pace").textContent = s.seconds_per_label ? `${s.seconds_per_label.toFixed(1)} s per label (median)` : "";
  const c = s.random_check;
  $("check").textContent = c.n ? `On the ${c.n} random picks you labelled, the model was right on stance ${c.stance_right}, sentiment ${c.sentiment_right}.` : "";
  const st = s.stability;
  $("kappa").textContent = st.rounds ? `Stabilising predictions: kappa between the last two models on ${st.n} sentences left: stance ${st.stance}, sentiment ${st.sentiment}` : "";
  $("model").textContent = "Model: " + s.model;
  $("stable").hidden = !st.stable;
  $("stable").textContent = st.message || "";
}

function choose(target, label) {
  if (busy || !state || !state.item) return;
  sel[target] = label;
  for (const b of document.querySelectorAll(`button.choice[data-target="${target}"]`)) {
    b.classList.toggle("selected", b.dataset.label === label);
  }
  if (sel.stance && sel.sentiment) submit(sel.stance, sel.sentiment);
}

async function submit(stance, sentiment) {
  const it = state.item;
  const s = await call("POST", "api/label", { article: it.article, index: it.index, stance, sentiment });
  if (s) render(s, false);
}

async function skip() {
  if (busy || !state || !state.item) return;
  const it = state.item;
  const s = await call("POST", "api/skip", { article: it.article, index: it.index });
  if (s) render(s, false);
}

async function undo() {
  if (busy || !state || !state.can_undo) return;
  const s = await call("POST", "api/undo");
  if (s) render(s, false);
}

async function showArticle() {
  if (!state || !state.item) return;
  const a = await call("GET", "api/article?id=" + encodeURIComponent(state.item.article));
  if (!a) return;
  const title = (a.meta && a.meta.title) ? a.meta.title + " · " + a.article : a.article;
  const list = el("ol", { start: a.sentences.length ? a.sentences[0].index + 1 : 1 });
  let cur = null;
  for (const s of a.sentences) {
    const tag = s.skipped ? "skipped" : s.stance ? `${s.stance} / ${s.sentiment}` : "";
    const li = el("li", { class: s.current ? "current" : "" }, s.text, tag ? el("span", { class: "tag" }, tag) : "");
    if (s.current) cur = li;
    list.append(li);
  }
  $("article-body").replaceChildren(el("h2", {}, title), list);
  open("article-view");
  if (cur) cur.scrollIntoView({ block: "center" });
}

let codebook = null;
async function showCodebook() {
  if (codebook === null) {
    const res = await fetch("api/codebook");
    codebook = res.ok ? await res.text() : "The codebook could not be loaded.";
  }
  $("codebook-body").replaceChildren(...markdown(codebook));
  open("codebook-view");
}

// markdown renders the codebook's few forms: headings, list items, **bold**,
// `code`; everything else is a paragraph. Text goes in as text, never HTML.
function markdown(src) {
  const out = [];
  let list = null;
  let para = null;
  const inline = (s) => {
    const frag = document.createDocumentFragment();
    for (const part of s.split(/(\*\*[^*]+\*\*|`[^`]+`)/)) {
      if (part.startsWith("**") && part.endsWith("**") && part.length > 4) frag.append(el("strong", {}, part.slice(2, -2)));
      else if (part.startsWith("`") && part.endsWith("`") && part.length > 2) frag.append(el("code", {}, part.slice(1, -1)));
      else frag.append(part);
    }
    return frag;
  };
  for (const line of src.split("\n")) {
    const h = line.match(/^(#{1,4})\s+(.*)/);
    const li = line.match(/^\s*[-*]\s+(.*)/);
    if (h) {
      list = para = null;
      out.push(el("h" + (h[1].length + 1), {}, inline(h[2])));
    } else if (li) {
      para = null;
      if (!list) { list = el("ul"); out.push(list); }
      list.append(el("li", {}, inline(li[1])));
    } else if (line.trim() === "") {
      list = para = null;
    } else if (list && /^\s+/.test(line)) {
      list.lastChild.append(" ", inline(line.trim()));
    } else {
      list = null;
      if (!para) { para = el("p"); out.push(para); } else para.append(" ");
      para.append(inline(line.trim()));
    }
  }
  return out;
}

function open(id) { closeAll(); $(id).hidden = false; }
function closeAll() { for (const o of document.querySelectorAll(".overlay")) o.hidden = true; }
function overlayOpen() { return [...document.querySelectorAll(".overlay")].some((o) => !o.hidden); }

document.addEventListener("keydown", (ev) => {
  if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
  const k = ev.key;
  if (k === "Escape") { closeAll(); return; }
  if (k === "?") { ev.preventDefault(); $("codebook-view").hidden ? showCodebook() : closeAll(); return; }
  if (k === "a" || k === "A") { ev.preventDefault(); $("article-view").hidden ? showArticle() : closeAll(); return; }
  if (overlayOpen() || !state) return;
  if (k === "u" || k === "U") { ev.preventDefault(); undo(); return; }
  if (k === "s" || k === "S") { ev.preventDefault(); skip(); return; }
  if (k === "Enter" && state.item && state.item.offer) {
    ev.preventDefault();
    if (!busy) submit(state.item.offer.stance, state.item.offer.sentiment);
    return;
  }
  const hit = state.keys.find((x) => x.key === k.toLowerCase());
  if (hit) { ev.preventDefault(); choose(hit.target, hit.label); }
});

$("skip").addEventListener("click", skip);
$("undo").addEventListener("click", undo);
$("article-btn").addEventListener("click", showArticle);
$("codebook-btn").addEventListener("click", showCodebook);
for (const o of document.querySelectorAll(".overlay")) {
  o.addEventListener("click", (ev) => { if (ev.target === o || ev.target.classList.contains("close")) closeAll(); });
}
load();
