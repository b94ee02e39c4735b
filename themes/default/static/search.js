// Gazette's search page. Queries the static Pagefind index that `gazette build` writes to
// search/pagefind/, a piece at a time, with Pagefind's JavaScript API: no server, and no
// file from any other host. The index is in shards by publication date (a year, or a month
// of a busy year), listed newest first in gazette-shards.json; each is a Pagefind index of
// its own, searched through its own instance. The page searches the newest shards first
// and reaches back through older ones only as more results are asked for, so a reader gets
// the latest matching stories without downloading the whole archive's index; a year filter
// searches only that year's shards. The page reads and keeps its state in the address
// (?q=…&section=…&year=…&sort=relevance), so a result list can be linked and the header's
// search form (GET /search/?q=…) lands on it. Without JavaScript the page shows its
// <noscript> text.

const PAGE_SIZE = 10;


/** Create an element with attributes and children (strings become text). */
function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === false || v === null || v === undefined) continue;
    if (k === "class") node.className = v;
    else node.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children) {
    if (c !== null && c !== undefined) node.append(c);
  }
  return node;
}

/**
 * Pagefind's excerpt is plain text with the matched words wrapped in <mark>. Build it as
 * nodes, so that nothing else in it can become markup.
 */
function excerptNodes(excerpt, content) {
  const out = document.createDocumentFragment();
  const parts = String(excerpt || "").split(/(<mark>|<\/mark>)/);
  // An excerpt cut from the middle of the story says so at the cut.
  const plain = parts.filter((p) => p !== "<mark>" && p !== "</mark>").join("").trim();
  const whole = String(content || "").trim();
  const cutBefore = plain && whole && !whole.startsWith(plain);
  const cutAfter = plain && whole && !whole.endsWith(plain);
  if (cutBefore) out.append("… ");
  let mark = null;
  for (const part of parts) {
    if (part === "<mark>") {
      mark = el("mark");
    } else if (part === "</mark>") {
      if (mark) out.append(mark);
      mark = null;
    } else if (part) {
      (mark || out).append(part);
    }
  }
  if (mark) out.append(mark);
  if (cutAfter) out.append(" …");
  return out;
}

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
  "September", "October", "November", "December"];

/** The page's language, and the theme's words for this page (`data-words` on the root). */
const LANG = document.documentElement.lang || "en";
let WORDS = {};

/** The words for `key`, with each `{name}` filled in from `args`. */
function w(key, fallback, args = {}) {
  const text = typeof WORDS[key] === "string" ? WORDS[key] : fallback;
  return text.replace(/\{(\w+)\}/g, (all, name) => (name in args ? String(args[name]) : all));
}

/** "3 stories", in the plural form the page's language gives 3. */
function storyCount(n) {
  const forms = typeof WORDS.stories === "object" && WORDS.stories ? WORDS.stories : {};
  let category = n === 1 ? "one" : "other";
  try {
    category = new Intl.PluralRules(LANG).select(n);
  } catch (e) {
    // A language the browser does not know keeps English's two forms.
  }
  const form = forms[category] || forms.other || (n === 1 ? "{count} story" : "{count} stories");
  return form.replace("{count}", String(n));
}

/**
 * A record's date token (`d20210925t100000p0300`, in the site's time zone) as the
 * RFC 3339 string and the "25 September 2021" the theme's listings print.
 */
function parseDate(token) {
  const m = /^d(-?\d{4,})(\d\d)(\d\d)t(\d\d)(\d\d)(\d\d)([pm])(\d\d)(\d\d)$/.exec(token || "");
  if (!m) return null;
  const [, y, mo, d, h, mi, s, sign, oh, om] = m;
  return {
    iso: `${y}-${mo}-${d}T${h}:${mi}:${s}${sign === "m" ? "-" : "+"}${oh}:${om}`,
    text: dayText(Number(y), Number(mo), Number(d)),
  };
}

/** "25 September 2021" as the theme prints it in English, else as the page's language does. */
function dayText(y, mo, d) {
  if (LANG === "en" || LANG.startsWith("en-")) return `${d} ${MONTHS[mo - 1]} ${y}`;
  try {
    const format = new Intl.DateTimeFormat(LANG, { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
    return format.format(new Date(Date.UTC(y, mo - 1, d)));
  } catch (e) {
    return `${y}-${String(mo).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
  }
}

/** Section titles to their pages, from the site's navigation when the theme has it. */
function sectionLinks() {
  const links = new Map();
  for (const a of document.querySelectorAll(".site-nav a[href]")) {
    links.set(a.textContent.trim(), a.getAttribute("href"));
  }
  return links;
}

function option(value, label, selected) {
  return el("option", { value, selected: value === selected }, label);
}

async function start(root) {
  const params = new URLSearchParams(location.search);
  const state = {
    q: (params.get("q") || "").trim(),
    section: params.get("section") || "",
    year: params.get("year") || "",
    sort: params.get("sort") === "relevance" ? "relevance" : "date",
  };

  const input = el("input", {
    id: "search-q",
    type: "search",
    name: "q",
    value: state.q,
    autocomplete: "off",
    spellcheck: "false",
    enterkeyhint: "search",
  });
  const section = el("select", { id: "search-section", name: "section" },
    option("", w("all_sections", "All sections"), state.section));
  const year = el("select", { id: "search-year", name: "year" },
    option("", w("all_years", "All years"), state.year));
  const sort = el("select", { id: "search-sort", name: "sort" },
    option("date", w("newest_first", "Newest first"), state.sort),
    option("relevance", w("best_match", "Best match"), state.sort));
  const form = el("form", { class: "search-page-form", role: "search", method: "get" },
    el("div", { class: "search-field" },
      el("label", { for: "search-q" }, w("placeholder", "Search stories")),
      el("div", { class: "search-field-row" }, input, el("button", { type: "submit" }, w("button", "Search")))),
    el("div", { class: "search-filters" },
      el("div", { class: "search-filter" }, el("label", { for: "search-section" }, w("section", "Section")), section),
      el("div", { class: "search-filter" }, el("label", { for: "search-year" }, w("year", "Year")), year),
      el("div", { class: "search-filter" }, el("label", { for: "search-sort" }, w("sort_by", "Sort by")), sort)));
  const status = el("p", { id: "search-status", class: "search-status", role: "status", "aria-live": "polite" });
  const list = el("ol", { id: "search-results", class: "search-results", "aria-labelledby": "search-status" });
  const more = el("button", { type: "button", class: "search-more", hidden: true }, w("more", "More results"));
  root.replaceChildren(form, status, list, more);
  root.dataset.state = "loading";
  // On this page the search field is the page's own: the masthead's would repeat it.
  const headerInput = document.getElementById("site-search-q");
  if (headerInput) headerInput.value = state.q;

  // The filter menus come from a small file beside the index; Pagefind's own filter files
  // list every story, and are loaded only once a filter is applied.
  // The edition's own index (`data-index`, below its root); else the one beside this script.
  const bundle = root.dataset.index
    ? new URL(root.dataset.index, location.href)
    : new URL("search/pagefind/", import.meta.url);
  let pagefind;
  let catalogue;
  try {
    const json = (name) => fetch(new URL(name, bundle)).then((r) => (r.ok ? r.json() : {}));
    const [values, listed] = await Promise.all([
      json("gazette-filters.json"),
      json("gazette-shards.json"),
    ]);
    catalogue = listed.shards || [];
    if (!(values.year || []).length || !catalogue.length) {
      root.dataset.state = "idle";
      status.textContent = w("nothing_yet", "There are no stories to search yet.");
      return;
    }
    pagefind = await import(new URL("pagefind.js", bundle).href);
    for (const s of values.section || []) section.append(option(s.value, s.value, state.section));
    for (const y of values.year || []) year.append(option(y.value, y.value, state.year));
    // A section or year from the address that the index does not know is dropped.
    state.section = section.value;
    state.year = year.value;
  } catch (e) {
    console.error(e);
    root.dataset.state = "error";
    status.textContent = w("unavailable", "Search is not available right now. Every story is listed in the archive.");
    return;
  }

  // One Pagefind instance per shard, made when the shard is first searched.
  const instances = new Map();
  async function instance(shard) {
    if (!instances.has(shard.key)) {
      instances.set(shard.key, (async () => {
        const pf = pagefind.createInstance({
          basePath: new URL(`shards/${shard.key}/`, bundle).pathname,
          // Record URLs are already site-relative (they include the site's root).
          baseUrl: "/",
          excerptLength: 30,
        });
        await pf.init();
        return pf;
      })());
    }
    return instances.get(shard.key);
  }

  const sections = sectionLinks();
  let generation = 0;
  // The search under way: its shards still to search, its results so far, and how many
  // of them are on the page.
  let current = null;

  function syncAddress() {
    const p = new URLSearchParams();
    if (state.q) p.set("q", state.q);
    if (state.section) p.set("section", state.section);
    if (state.year) p.set("year", state.year);
    if (state.sort === "relevance") p.set("sort", "relevance");
    const qs = p.toString();
    history.replaceState(null, "", qs ? `?${qs}` : location.pathname);
  }

  function describe(count, complete) {
    const scope = [state.section, state.year].filter(Boolean).join(", ");
    const what = state.q ? w("for", " for “{q}”", { q: state.q }) : "";
    const where = scope ? w("in", " in {scope}", { scope }) : "";
    const args = { what, where, n: storyCount(count) };
    if (count === 0 && complete) return w("none_found", "No stories found{what}{where}.", args);
    if (complete) return w("found", "{n} found{what}{where}.", args);
    const reached = current.searched[current.searched.length - 1];
    return w("found_since", "{n} found{what}{where} since {year}; more results search further back.",
      { ...args, year: reached.year });
  }

  /** Search the next shard of the current search; false when none is left. */
  async function searchNextShard(search) {
    const shard = search.shards.shift();
    if (!shard) return false;
    const pf = await instance(shard);
    const found = await pf.search(search.q || null, search.options);
    search.searched.push(shard);
    let results = (found && found.results) || [];
    // Within a shard: newest first, or best match first, as asked. Shards come newest
    // first, so date order holds across them.
    if (search.sort === "relevance") results = [...results].sort((a, b) => b.score - a.score);
    search.results.push(...results);
    return true;
  }

  /** Search shards until `want` results wait to be shown, or no shard is left. */
  async function fill(search, want) {
    while (search.results.length < want && search.shards.length) {
      await searchNextShard(search);
    }
  }

  async function render(search, gen) {
    await fill(search, search.shown + PAGE_SIZE);
    if (gen !== generation) return;
    const batch = search.results.slice(search.shown, search.shown + PAGE_SIZE);
    const data = await Promise.all(batch.map((r) => r.data()));
    if (gen !== generation) return;
    for (const d of data) {
      const m = d.meta || {};
      const sectionTitle = ((d.filters || {}).section || [])[0] || "";
      const sectionUrl = sections.get(sectionTitle);
      const kicker = sectionUrl ? el("a", { href: sectionUrl }, sectionTitle) : sectionTitle;
      const date = parseDate(m.date);
      const metaLine = el("p", { class: "entry-meta" },
        date ? el("time", { datetime: date.iso }, date.text) : null);
      if (m.dateline) {
        if (date) metaLine.append(el("span", { class: "sep", "aria-hidden": "true" }, " · "));
        metaLine.append(m.dateline);
      }
      list.append(el("li", { class: "search-result entry" },
        sectionTitle ? el("p", { class: "kicker" }, kicker) : null,
        el("h2", { class: "entry-title" }, el("a", { href: d.url }, m.title || d.url)),
        metaLine,
        el("p", { class: "search-excerpt" }, excerptNodes(d.excerpt, d.content))));
    }
    search.shown += batch.length;
    const complete = !search.shards.length;
    more.hidden = complete && search.shown >= search.results.length;
    status.textContent = describe(search.results.length, complete);
  }

  async function run() {
    const gen = ++generation;
    syncAddress();
    const filters = {};
    if (state.section) filters.section = state.section;
    if (state.year) filters.year = state.year;
    if (!state.q && !state.section && !state.year) {
      list.replaceChildren();
      more.hidden = true;
      current = null;
      root.dataset.state = "idle";
      status.textContent = w("prompt", "Type a word to search every story, or choose a section or a year.");
      return;
    }
    root.dataset.state = "searching";
    const options = { filters };
    // With no words there is no relevance: a filter alone lists newest first.
    const sort = state.q ? state.sort : "date";
    if (sort === "date") options.sort = { date: "desc" };
    current = {
      q: state.q,
      options,
      sort,
      // A year filter needs only that year's shards.
      shards: catalogue.filter((s) => !state.year || s.year === state.year),
      searched: [],
      results: [],
      shown: 0,
    };
    list.replaceChildren();
    try {
      await render(current, gen);
    } catch (e) {
      console.error(e);
      if (gen === generation) {
        root.dataset.state = "error";
        status.textContent = w("failed", "The search failed. Please try again.");
      }
      return;
    }
    if (gen !== generation) return;
    root.dataset.state = "done";
  }

  let timer = 0;
  input.addEventListener("input", () => {
    state.q = input.value.trim();
    clearTimeout(timer);
    timer = setTimeout(run, 150);
  });
  for (const [select, key] of [[section, "section"], [year, "year"], [sort, "sort"]]) {
    select.addEventListener("change", () => {
      state[key] = select.value;
      run();
    });
  }
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    clearTimeout(timer);
    state.q = input.value.trim();
    run();
  });
  more.addEventListener("click", async () => {
    if (!current) return;
    const first = list.children.length;
    await render(current, generation);
    const next = list.children[first];
    const link = next && next.querySelector(".entry-title a");
    if (link) link.focus();
  });

  await run();
}

// Started last, once every declaration above has run.
const root = document.getElementById("search");
if (root) {
  try {
    WORDS = JSON.parse(root.dataset.words || "{}");
  } catch (e) {
    WORDS = {};
  }
  start(root);
}
