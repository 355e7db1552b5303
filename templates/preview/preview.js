// The preview page: follows the server's build events and updates in place (no reload), so
// the scroll position stays; a failed build shows its problems over the last good pages.
"use strict";
const slug = document.body.dataset.slug;

function element(tag, attributes) {
  const made = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) made.setAttribute(name, value);
  return made;
}

function showPages(state) {
  const pages = document.getElementById("pages");
  const count = state.pages.length;
  while (pages.children.length > count) pages.lastElementChild.remove();
  state.pages.forEach(([width, height], index) => {
    let image = pages.children[index];
    if (!image) image = pages.appendChild(element("img", {}));
    image.width = width;
    image.height = height;
    image.alt = `Page ${index + 1} of ${count}`;
    image.src = `/a/${slug}/page-${index + 1}.png?v=${state.version}`;
  });
}

function showEpub(state) {
  for (const id of ["reader", "phone"]) {
    const frame = document.getElementById(id);
    if (!state.epub_page) continue;
    const scroll = frame.contentWindow && frame.contentWindow.scrollY;
    frame.onload = () => { if (scroll) frame.contentWindow.scrollTo(0, scroll); };
    frame.src = `/a/${slug}/epub/${state.epub_page}?v=${state.version}`;
  }
}

const OPEN_UP_TO = { notes: 3, hardest: 0 };  // a list this short is shown open, a longer one collapsed

function counted(count, word) {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

// Show a list in its <details>: hidden when empty, open when short; a user's own opening or
// closing is kept across rebuilds while the list keeps its length.
function showList(id, items, heading, make) {
  const details = document.getElementById(id);
  const list = document.getElementById(`${id}-list`);
  details.hidden = items.length === 0;
  if (String(items.length) !== details.dataset.count) details.open = items.length <= OPEN_UP_TO[id];
  details.dataset.count = items.length;
  document.getElementById(`${id}-count`).textContent = heading;
  list.replaceChildren(...items.map((item) => {
    const row = element("li", {});
    row.append(...make(item));
    return row;
  }));
}

function span(className, text) {
  const made = element("span", { class: className });
  made.textContent = text;
  return made;
}

// The warnings and notes of the last build, each at its file and line.
function showNotes(state) {
  const notes = state.ok === false ? [] : state.notes;
  const severities = ["warning", "note"].map((severity) => [severity, notes.filter((n) => n.severity === severity).length]);
  const heading = severities.filter(([, count]) => count).map(([severity, count]) => counted(count, severity)).join(", ");
  showList("notes", notes, heading, (note) =>
    [span("where", `${note.where}: `), span(`severity ${note.severity}`, `${note.severity}: `), span("message", note.message)]);
}

// The reading grade beside the summary, and the hardest sentences with their lines (when measured).
function showReading(state) {
  const reading = state.ok === false ? null : state.reading;
  const line = document.getElementById("reading");
  line.hidden = !reading;
  const hardest = reading && reading.hardest ? reading.hardest : [];
  if (reading) {
    const given = (value) => value !== null && value !== undefined && value !== "";
    let measure = `Reading grade: ${reading.note || "not measured"}`;
    if (given(reading.grade)) measure = `Reading grade ${reading.grade}`;
    else if (given(reading.score)) measure = `Reading ease ${reading.score}`;
    const measured = given(reading.grade) || given(reading.score);
    const about = [reading.formula, given(reading.target) ? `target ${reading.target}` : "",
      measured ? reading.note : ""].filter(Boolean).join("; ");
    line.textContent = about ? `${measure} (${about})` : measure;
  }
  const source = document.body.dataset.source;
  showList("hardest", hardest, `${counted(hardest.length, "hardest sentence")} to read`, (sentence) =>
    [span("where", `${source}:${sentence.line}: `), span("sentence", sentence.sentence),
     span("why", sentence.why ? ` (${sentence.why})` : "")]);
}

function showState(state) {
  document.getElementById("summary").textContent = state.summary || "building…";
  showNotes(state);
  showReading(state);
  const downloads = document.getElementById("downloads");
  downloads.replaceChildren(...state.downloads.map((name) => {
    const link = element("a", { href: `/a/${slug}/${name}`, download: name });
    link.textContent = `Download ${name}`;
    return link;
  }));
  const overlay = document.getElementById("overlay");
  overlay.hidden = state.ok !== false;
  document.getElementById("problems").textContent = state.problems.join("\n");
  if (state.ok !== false) {
    showPages(state);
    showEpub(state);
  }
  document.body.dataset.version = state.version;
}

async function refresh() {
  const response = await fetch(`/a/${slug}/state.json`, { cache: "no-store" });
  showState(await response.json());
}

async function refreshIndex(news) {
  const row = document.querySelector(`#article-${CSS.escape(news.slug)} .summary`);
  if (!row) return location.reload();
  const response = await fetch(`/a/${news.slug}/state.json`, { cache: "no-store" });
  row.textContent = (await response.json()).summary;
}

const events = new EventSource("/events");
events.addEventListener("build", (event) => {
  const news = JSON.parse(event.data);
  document.getElementById("changed").textContent =
    `${news.slug} rebuilt at ${new Date().toLocaleTimeString()}${news.ok ? "" : " (failed)"}`;
  if (!slug) refreshIndex(news);
  else if (news.slug === slug) refresh();
});
if (slug) refresh();
