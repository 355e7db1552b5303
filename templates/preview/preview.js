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

function showState(state) {
  document.getElementById("summary").textContent = state.summary || "building…";
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
