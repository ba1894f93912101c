/*
 * The practice library's search and faceted browser (search page and collection pages).
 *
 * Reads its settings from the data- attributes of [data-kaikki-browse] (no inline script: the site's
 * Content-Security-Policy allows none with per-page data) and the facet index the build writes per
 * language (search/facets.json, plugins/kaikki/site/facets.py). Without a search term the cards are
 * filtered from that index in the browser: AND across facets, OR within one, a count beside every value
 * (the cards that value would give with the other facets' choices). With a term, Pagefind searches with
 * the same facets as filters ({key: {any: [...]}}); its counts come from one search per chosen facet,
 * without that facet, so that they too mean "if this value were ticked".
 *
 * A term that is a municipality's name (närpes, vasa, kemi; with or without its diacritics, in either
 * language's form of the id) lists that municipality's cards first, exactly, from the facet index, under
 * a heading with its name; Pagefind's results follow under their own heading. Pagefind stems and
 * prefix-matches every term (närpes → närproducerat, kemi → Kemijärvi): scripts/search_eval.py measures
 * the precision of such queries on this page (bench-results/search.md).
 *
 * The state is the address: ?q=…&theme=a&theme=b&municipality=kajaani, so a view can be shared.
 * Result markup reuses Pagefind UI's class names, so its stylesheet applies.
 */
(function () {
  "use strict";

  var root = document.querySelector("[data-kaikki-browse]");
  if (!root) { return; }

  var S = JSON.parse(root.getAttribute("data-strings") || "{}");
  var INDEX_URL = new URL(root.getAttribute("data-index"), document.baseURI).href;
  var PAGEFIND_URL = new URL(root.getAttribute("data-pagefind"), document.baseURI).href;
  var BASE_COLLECTION = root.getAttribute("data-collection") || "";
  var SEARCH = root.hasAttribute("data-search");
  var PAGE_SIZE = 20;
  var SHOWN_VALUES = 8;

  var index = null;          // the facet index of this language
  var selected = {};         // facet key -> array of value ids
  var term = "";
  var shown = PAGE_SIZE;
  var pagefind = null;
  var generation = 0;        // drops the answers of searches overtaken by newer ones
  var expanded = {};         // facet key -> all values shown

  function t(key, params) {
    var text = S[key] || "";
    Object.keys(params || {}).forEach(function (name) {
      text = text.split("{" + name + "}").join(String(params[name]));
    });
    return text;
  }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      if (name === "text") { node.textContent = attrs[name]; }
      else if (attrs[name] !== null && attrs[name] !== undefined && attrs[name] !== false) {
        node.setAttribute(name, attrs[name] === true ? "" : attrs[name]);
      }
    });
    (children || []).forEach(function (child) { if (child) { node.appendChild(child); } });
    return node;
  }

  function fold(text) {
    return String(text).toLocaleLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "")
      .replace(/^["'\s]+|["'\s]+$/g, "");
  }

  // -- the page's parts ---------------------------------------------------------------------------

  var form = null, input = null;
  if (SEARCH) {
    input = el("input", {
      type: "search", id: "kaikki-browse-q", class: "pagefind-ui__search-input kaikki-browse__input",
      name: "q", autocomplete: "off", placeholder: t("placeholder"), "aria-label": t("label")
    });
    form = el("form", { role: "search", class: "pagefind-ui__form kaikki-browse__form", "aria-label": t("label") }, [
      el("label", { for: "kaikki-browse-q", class: "kaikki-browse__label", text: t("label") }),
      input
    ]);
  }
  var panel = el("details", { class: "kaikki-facets", id: "kaikki-facets" });
  var summary = el("summary", { class: "kaikki-facets__summary" }, [
    el("h2", { class: "kaikki-facets__heading", text: t("heading") })
  ]);
  var groups = el("div", { class: "kaikki-facets__groups" });
  panel.appendChild(summary);
  panel.appendChild(el("p", { class: "kaikki-facets__intro", text: t("intro") }));
  panel.appendChild(groups);
  var chips = el("div", { class: "kaikki-facets__selected" });
  var status = el("p", { class: "kaikki-browse__status", role: "status", "aria-live": "polite" });
  var results = el("div", { class: "pagefind-ui__results-area kaikki-browse__results" });
  var main = el("div", { class: "kaikki-browse__main" }, [chips, status, results]);
  var layout = el("div", { class: "kaikki-browse__layout" }, [panel, main]);
  if (form) { root.appendChild(form); }
  root.appendChild(layout);
  panel.open = window.matchMedia("(min-width: 60em)").matches || root.hasAttribute("data-open");
  status.textContent = t("loading");

  // -- state <-> address ----------------------------------------------------------------------------

  function readAddress() {
    var params = new URLSearchParams(window.location.search);
    term = SEARCH ? (params.get("q") || "").trim() : "";
    selected = {};
    index.facets.forEach(function (facet) {
      var known = {};
      facet.values.forEach(function (pair) { known[pair[0]] = true; });
      var values = params.getAll(facet.key).filter(function (v) { return known[v]; });
      if (values.length) { selected[facet.key] = values; }
    });
  }

  function writeAddress() {
    var params = new URLSearchParams();
    if (term) { params.set("q", term); }
    index.facets.forEach(function (facet) {
      (selected[facet.key] || []).forEach(function (v) { params.append(facet.key, v); });
    });
    var query = params.toString();
    var address = window.location.pathname + (query ? "?" + query : "") + window.location.hash;
    window.history.replaceState(null, "", address);
  }

  // -- filtering the index ----------------------------------------------------------------------------

  function facetPos(key) {
    for (var i = 0; i < index.facets.length; i++) { if (index.facets[i].key === key) { return i; } }
    return -1;
  }

  // Value id -> position, per facet; selections as sets of positions.
  var positions = [];
  function chosen(skipKey) {
    var out = [];
    index.facets.forEach(function (facet, i) {
      var values = facet.key === "collection" && BASE_COLLECTION ? [BASE_COLLECTION] : selected[facet.key];
      if (facet.key === skipKey || !values || !values.length) { return; }
      var set = {};
      values.forEach(function (v) { set[positions[i][v]] = true; });
      out.push([i, set]);
    });
    return out;
  }

  function matches(card, conditions) {
    for (var c = 0; c < conditions.length; c++) {
      var have = card.f[conditions[c][0]], set = conditions[c][1], hit = false;
      for (var k = 0; k < have.length; k++) { if (set[have[k]]) { hit = true; break; } }
      if (!hit) { return false; }
    }
    return true;
  }

  function localCounts() {
    var counts = {};
    index.facets.forEach(function (facet, i) {
      var conditions = chosen(facet.key), found = new Array(facet.values.length).fill(0);
      index.cards.forEach(function (card) {
        if (matches(card, conditions)) { card.f[i].forEach(function (p) { found[p] += 1; }); }
      });
      counts[facet.key] = found;
    });
    return counts;
  }

  function municipalityOf(text) {
    var wanted = fold(text), i = facetPos("municipality");
    if (!wanted || i < 0) { return null; }
    var values = index.facets[i].values;
    for (var k = 0; k < values.length; k++) {
      // The id, the name in this language, the names in the others (Närpiö, Närpes).
      for (var n = 0; n < values[k].length; n++) {
        if (fold(values[k][n]) === wanted) { return values[k]; }
      }
    }
    return null;
  }

  // -- Pagefind, only with a term -----------------------------------------------------------------------

  function pagefindFilters(skipKey) {
    var filters = {};
    chosen(skipKey).forEach(function (pair) {
      var facet = index.facets[pair[0]];
      filters[facet.key] = { any: facet.values.filter(function (v, p) { return pair[1][p]; })
        .map(function (v) { return v[0]; }) };
    });
    return filters;
  }

  function loadPagefind() {
    if (!pagefind) {
      pagefind = import(new URL("pagefind.js", PAGEFIND_URL).href).then(function (module) {
        return Promise.resolve(module.init && module.init()).then(function () { return module; });
      });
    }
    return pagefind;
  }

  function pagefindCounts(module, main) {
    var counts = {};
    var keys = index.facets.map(function (f) { return f.key; });
    var again = keys.filter(function (k) { return (selected[k] || []).length; });
    return Promise.all(again.map(function (k) {
      return module.search(term, { filters: pagefindFilters(k) });
    })).then(function (answers) {
      keys.forEach(function (key) {
        var at = again.indexOf(key), from = at >= 0 ? answers[at] : main;
        var facet = index.facets[facetPos(key)], got = (from && from.filters && from.filters[key]) || {};
        counts[key] = facet.values.map(function (v) { return got[v[0]] || 0; });
      });
      return counts;
    });
  }

  // -- rendering --------------------------------------------------------------------------------------

  // The results area is aria-busy while a search is under way: assistive technology (and the search
  // evaluation, scripts/search_eval.py) can tell a finished list from one still arriving.
  function busy(on) { results.setAttribute("aria-busy", on ? "true" : "false"); }

  function update(fromInput) {
    writeAddress();
    var mine = ++generation;
    busy(true);
    if (!term) {
      var conditions = chosen(null);
      var cards = index.cards.filter(function (card) { return matches(card, conditions); });
      var filtering = Object.keys(selected).length > 0;
      root.classList.toggle("kaikki-browse--filtering", filtering);
      renderFacets(localCounts());
      if (!SEARCH && !filtering) { results.replaceChildren(); status.textContent = ""; busy(false); return; }
      announce(cards.length);
      renderCards(cards, null);
      return;
    }
    root.classList.add("kaikki-browse--filtering");
    var place = municipalityOf(term);
    loadPagefind().then(function (module) {
      return module.search(term, { filters: pagefindFilters(null) }).then(function (found) {
        return pagefindCounts(module, found).then(function (counts) { return [found, counts]; });
      });
    }).then(function (pair) {
      if (mine !== generation) { return; }
      renderFacets(pair[1]);
      var first = [];
      if (place) {
        var conditions = chosen(null), p = facetPos("municipality"), at = positions[p][place[0]];
        first = index.cards.filter(function (card) {
          return matches(card, conditions) && card.f[p].indexOf(at) >= 0;
        });
      }
      announce(pair[0].results.length, first.length ? place[1] : "");
      renderCards(first, pair[0].results, first.length ? place[1] : "");
    }).catch(function () {
      if (mine === generation) { status.textContent = t("error"); busy(false); }
    });
  }

  function announce(count, place) {
    var text = count === 0 ? t("zero") : count === 1 ? t("one") : t("many", { count: count });
    if (term) {
      text = (count === 0 ? t("search_zero") : count === 1 ? t("search_one") : t("search_many"))
        .split("[COUNT]").join(String(count)).split("[SEARCH_TERM]").join(term);
    }
    if (place) { text += " " + t("place_first", { name: place }); }
    status.textContent = text;
  }

  function renderFacets(counts) {
    var focused = document.activeElement && document.activeElement.id;
    groups.replaceChildren();
    index.facets.forEach(function (facet, i) {
      if (!facet.values.length || (facet.key === "collection" && BASE_COLLECTION)) { return; }
      var picked = selected[facet.key] || [];
      var order = facet.values.map(function (v, p) { return p; });
      var many = order.length > SHOWN_VALUES && !expanded[facet.key];
      if (many) {
        // Chosen values and those with most cards stay in view; the rest behind "show all".
        order = order.slice().sort(function (a, b) {
          var pa = picked.indexOf(facet.values[a][0]) >= 0, pb = picked.indexOf(facet.values[b][0]) >= 0;
          return (pb - pa) || (counts[facet.key][b] - counts[facet.key][a]) || (a - b);
        }).slice(0, SHOWN_VALUES).sort(function (a, b) { return a - b; });
      }
      var list = el("ul", { class: "kaikki-facets__values" });
      order.forEach(function (p) {
        var value = facet.values[p], id = "kaikki-f-" + facet.key + "-" + p;
        var box = el("input", { type: "checkbox", id: id, value: value[0], "data-facet": facet.key });
        box.checked = picked.indexOf(value[0]) >= 0;
        var count = counts[facet.key][p];
        if (!count && !box.checked) { box.setAttribute("aria-disabled", "true"); }
        list.appendChild(el("li", { class: "kaikki-facets__value" + (count || box.checked ? "" : " kaikki-facets__value--empty") }, [
          box,
          el("label", { for: id }, [
            document.createTextNode(value[1] + " "),
            el("span", { class: "kaikki-count", text: "(" + count + ")" })
          ])
        ]));
      });
      var fieldset = el("fieldset", { class: "kaikki-facets__group" }, [
        el("legend", { text: facet.label }), list
      ]);
      if (facet.values.length > SHOWN_VALUES) {
        fieldset.appendChild(el("button", {
          type: "button", class: "kaikki-facets__more", "data-more": facet.key,
          "aria-expanded": expanded[facet.key] ? "true" : "false",
          text: expanded[facet.key] ? t("fewer_values") : t("more_values", { count: facet.values.length })
        }));
      }
      groups.appendChild(fieldset);
    });
    renderChips();
    if (focused) {
      var again = document.getElementById(focused);
      if (again) { again.focus(); }
    }
  }

  function renderChips() {
    chips.replaceChildren();
    var buttons = [];
    index.facets.forEach(function (facet) {
      (selected[facet.key] || []).forEach(function (v) {
        var value = facet.values.filter(function (pair) { return pair[0] === v; })[0];
        var label = facet.label + ": " + (value ? value[1] : v);
        buttons.push(el("li", {}, [el("button", {
          type: "button", class: "kaikki-facets__chip", "data-remove": facet.key, "data-value": v,
          "aria-label": t("remove", { label: label }), text: label + " ×"
        })]));
      });
    });
    if (!buttons.length) { return; }
    chips.appendChild(el("h2", { class: "kaikki-facets__chips-heading", text: t("selected") }));
    chips.appendChild(el("ul", { class: "kaikki-facets__chips" }, buttons));
    chips.appendChild(el("button", { type: "button", class: "kaikki-facets__clear", "data-clear": "1", text: t("clear") }));
  }

  function resultItem(url, title, type, places, summary, lang) {
    var link = el("a", { class: "pagefind-ui__result-link", href: url, text: title, lang: lang || null });
    var tags = el("ul", { class: "pagefind-ui__result-tags" });
    [type, places].forEach(function (tag) {
      if (tag) { tags.appendChild(el("li", { class: "pagefind-ui__result-tag", text: tag })); }
    });
    return el("li", { class: "pagefind-ui__result" }, [el("div", { class: "pagefind-ui__result-inner" }, [
      el("p", { class: "pagefind-ui__result-title" }, [link]),
      tags,
      summary ? el("p", { class: "pagefind-ui__result-excerpt", lang: lang || null, text: summary }) : null
    ])]);
  }

  function cardItem(card) {
    var c = facetPos("collection"), m = facetPos("municipality");
    var type = card.f[c].map(function (p) { return index.types[index.facets[c].values[p][0]]; }).join(", ");
    var places = card.f[m].map(function (p) { return index.facets[m].values[p][1]; }).join(", ");
    return resultItem(new URL("../" + card.u, INDEX_URL).href, card.t, type, places, card.s, card.l);
  }

  // With a term that names a municipality, its cards come first in a list of their own under a heading
  // ("Kunta: Kemi", like the chip of that filter), and Pagefind's results follow under "Muut hakutulokset":
  // the reader sees why Kemijärvi's cards come after Kemi's. Otherwise one list.
  function renderCards(local, found, place) {
    var list = el("ol", { class: "pagefind-ui__results" });
    var seen = {};
    local.slice(0, found ? local.length : shown).forEach(function (card) {
      seen[new URL("../" + card.u, INDEX_URL).pathname] = true;
      list.appendChild(cardItem(card));
    });
    results.replaceChildren();
    var others = list;
    if (place) {
      var m = facetPos("municipality");
      results.appendChild(el("h2", { class: "kaikki-browse__group", id: "kaikki-browse-place",
        text: index.facets[m].label + ": " + place }));
      list.setAttribute("aria-labelledby", "kaikki-browse-place");
      results.appendChild(list);
      others = el("ol", { class: "pagefind-ui__results", "aria-labelledby": "kaikki-browse-others" });
    } else {
      results.appendChild(list);
    }
    if (!found) {
      if (local.length > shown) { results.appendChild(moreButton()); }
      busy(false);
      return;
    }
    var mine = generation;
    Promise.all(found.slice(0, shown).map(function (r) { return r.data(); })).then(function (items) {
      if (mine !== generation) { return; }
      items.forEach(function (d) {
        var path = new URL(d.url, window.location.href).pathname;
        if (seen[path]) { return; }
        var meta = d.meta || {};
        others.appendChild(resultItem(d.url, meta.title || d.url, meta.type, meta.municipalities,
          meta.summary || "", null));
      });
      if (others !== list && others.children.length) {
        results.appendChild(el("h2", { class: "kaikki-browse__group", id: "kaikki-browse-others",
          text: t("other_results") }));
        results.appendChild(others);
      }
      if (found.length > shown) { results.appendChild(moreButton()); }
      busy(false);
    }).catch(function () {
      if (mine === generation) { status.textContent = t("error"); busy(false); }
    });
  }

  function moreButton() {
    return el("button", { type: "button", class: "pagefind-ui__button kaikki-browse__more", "data-load-more": "1",
      text: t("load_more") });
  }

  // -- events ---------------------------------------------------------------------------------------

  root.addEventListener("change", function (event) {
    var box = event.target;
    if (!box.matches || !box.matches("input[type=checkbox][data-facet]")) { return; }
    var key = box.getAttribute("data-facet"), values = (selected[key] || []).slice();
    var at = values.indexOf(box.value);
    if (box.checked && at < 0) { values.push(box.value); }
    if (!box.checked && at >= 0) { values.splice(at, 1); }
    if (values.length) { selected[key] = values; } else { delete selected[key]; }
    shown = PAGE_SIZE;
    update();
  });

  root.addEventListener("click", function (event) {
    var target = event.target.closest && event.target.closest("button");
    if (!target) { return; }
    if (target.hasAttribute("data-remove")) {
      var key = target.getAttribute("data-remove"), value = target.getAttribute("data-value");
      selected[key] = (selected[key] || []).filter(function (v) { return v !== value; });
      if (!selected[key].length) { delete selected[key]; }
      shown = PAGE_SIZE;
      update();
      (chips.querySelector("button") || (input || panel.querySelector("input"))).focus();
    } else if (target.hasAttribute("data-clear")) {
      selected = {};
      shown = PAGE_SIZE;
      update();
      (input || panel.querySelector("input") || summary).focus();
    } else if (target.hasAttribute("data-more")) {
      var facet = target.getAttribute("data-more");
      expanded[facet] = !expanded[facet];
      update();
      var again = groups.querySelector("[data-more='" + facet + "']");
      if (again) { again.focus(); }
    } else if (target.hasAttribute("data-load-more")) {
      shown += PAGE_SIZE;
      update();
    }
  });

  var typing = null;
  if (input) {
    input.addEventListener("input", function () {
      window.clearTimeout(typing);
      typing = window.setTimeout(function () { term = input.value.trim(); shown = PAGE_SIZE; update(); }, 250);
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      window.clearTimeout(typing);
      term = input.value.trim();
      shown = PAGE_SIZE;
      update();
    });
  }

  fetch(INDEX_URL, { credentials: "same-origin" }).then(function (response) {
    if (!response.ok) { throw new Error(response.status); }
    return response.json();
  }).then(function (data) {
    index = data;
    positions = index.facets.map(function (facet) {
      var at = {};
      facet.values.forEach(function (pair, p) { at[pair[0]] = p; });
      return at;
    });
    readAddress();
    if (input) { input.value = term; if (root.hasAttribute("data-autofocus") && !term) { input.focus(); } }
    update();
  }).catch(function () {
    status.textContent = t("error");
  });
})();
