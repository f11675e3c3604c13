/* Casebook: instant filters on the cases index, and the page's own address in "cite this case".
   No framework. Without JavaScript the filter links lead to static pages and every case is shown. */
/* Plural strings come from labels.py as {"=0": ..., "one": ..., "other": ...} (CLDR categories);
   Intl.PluralRules picks the form for a number the way Babel does at build time. */
function casebookNumber() {
  "use strict";
  return new Intl.NumberFormat(document.documentElement.lang || "en");
}

function casebookPlural(json, count) {
  "use strict";
  var forms = JSON.parse(json);
  var rules = new Intl.PluralRules(document.documentElement.lang || "en");
  var form = forms["=" + count] || forms[rules.select(count)] || forms.other;
  return form.replace("{count}", casebookNumber().format(count));
}

(function () {
  "use strict";

  // "Cite this case": without a configured site_url the build cannot know the page's address.
  document.querySelectorAll("[data-casebook-here]").forEach(function (link) {
    if (!/^https?:/.test(link.textContent)) {
      link.textContent = location.origin + location.pathname;
    }
  });

  // The language switcher keeps the page's query (the cases index's filters). Its links carry the
  // page's path already (overrides/partials/alternate.html); the query exists only in the browser.
  // So do the links between the cases index and the map (data-casebook-keep-query).
  var languageLinks = Array.prototype.slice.call(
    document.querySelectorAll("a[data-casebook-language], a[data-casebook-keep-query]")
  );
  function keepQueryInLanguageLinks() {
    languageLinks.forEach(function (link) {
      link.search = location.search;
    });
  }
  keepQueryInLanguageLinks();

  var root = document.querySelector("[data-casebook-filters]");
  if (!root) {
    return;
  }
  var rows = Array.prototype.slice.call(root.querySelectorAll("table.casebook-cases tr[data-slug]"));
  var points = Array.prototype.slice.call(document.querySelectorAll(".casebook-index-matrix .casebook-point"));
  var extras = document.querySelectorAll(".casebook-index-matrix .casebook-more");
  var links = Array.prototype.slice.call(root.querySelectorAll("a[data-facet]"));
  var disclosure = root.querySelector("[data-casebook-disclosure]");
  var chosen = root.querySelector("[data-casebook-chosen]");
  var empty = root.querySelector("[data-casebook-empty]");
  var scroller = root.querySelector("[data-casebook-scroller]");
  var hint = root.querySelector("[data-casebook-scroll-hint]");
  var facets = [];
  links.forEach(function (link) {
    var facet = link.getAttribute("data-facet");
    if (facets.indexOf(facet) === -1) {
      facets.push(facet);
    }
    link.setAttribute("role", "button");  // with JavaScript it toggles a filter instead of leaving the page
    link.addEventListener("keydown", function (event) {
      if (event.key === " ") {
        event.preventDefault();
        link.click();
      }
    });
  });

  // The results come first: the filters fold away until asked for (the chosen ones show above the table).
  disclosure.open = false;

  function valueName(link) {
    return link.firstChild.textContent.trim();  // the value's name, without its count
  }

  function stateFromUrl() {
    var params = new URLSearchParams(location.search);
    var state = {};
    facets.forEach(function (facet) {
      var value = params.get(facet);
      if (value) {
        state[facet] = value;
      }
    });
    return state;
  }

  function urlFromState(state) {
    var params = new URLSearchParams();
    facets.forEach(function (facet) {
      if (state[facet]) {
        params.set(facet, state[facet]);
      }
    });
    var query = params.toString();
    return location.pathname + (query ? "?" + query : "") + location.hash;
  }

  function matches(row, state, except) {
    return facets.every(function (facet) {
      if (facet === except || !state[facet]) {
        return true;
      }
      return (row.getAttribute("data-" + facet) || "").split(" ").indexOf(state[facet]) !== -1;
    });
  }

  // The chosen filters as buttons above the table: what is applied stays in sight, each removable.
  function showChosen(state) {
    while (chosen.firstChild) {
      chosen.removeChild(chosen.firstChild);
    }
    links.forEach(function (link) {
      if (state[link.getAttribute("data-facet")] !== link.getAttribute("data-value")) {
        return;
      }
      var item = document.createElement("li");
      var button = document.createElement("button");
      button.type = "button";
      button.className = "md-tag casebook-chosen";
      button.setAttribute("data-facet", link.getAttribute("data-facet"));
      button.setAttribute("aria-label", root.getAttribute("data-remove-label") + ": " + valueName(link));
      button.textContent = valueName(link) + " ×";
      item.appendChild(button);
      chosen.appendChild(item);
    });
    chosen.hidden = !chosen.firstChild;
  }

  function apply(state) {
    var shown = {};
    var count = 0;
    rows.forEach(function (row) {
      var visible = matches(row, state);
      row.hidden = !visible;
      if (visible) {
        shown[row.getAttribute("data-slug")] = true;
        count += 1;
      }
    });
    points.forEach(function (point) {
      point.style.display = shown[point.getAttribute("data-slug")] ? "" : "none";
    });
    var filtered = Object.keys(state).length > 0;
    extras.forEach(function (extra) {
      extra.style.display = filtered ? "none" : "";
    });
    links.forEach(function (link) {
      var facet = link.getAttribute("data-facet");
      var value = link.getAttribute("data-value");
      var active = state[facet] === value;
      link.setAttribute("aria-pressed", active ? "true" : "false");
      link.classList.toggle("casebook-facet--active", active);
      // How many cases this value would show, given the other facets' choices.
      var possible = rows.filter(function (row) {
        return matches(row, state, facet) &&
          (row.getAttribute("data-" + facet) || "").split(" ").indexOf(value) !== -1;
      }).length;
      link.querySelector("[data-count]").textContent = String(possible);
      link.classList.toggle("casebook-facet--empty", possible === 0);
    });
    var status = root.querySelector("[data-casebook-status]");
    // The status line's forms come from labels.py (CLDR plural rules); Intl.PluralRules picks one the same way.
    if (filtered) {
      status.textContent = plural("data-status-some", rows.length).replace("{shown}", number.format(count));
    } else {
      status.textContent = plural("data-status-all", count);
    }
    empty.hidden = count > 0;
    scroller.hidden = count === 0;
    showChosen(state);
    root.setAttribute("data-shown", Object.keys(shown).join(" "));
    measure();
    return shown;
  }

  // "Scroll sideways" shows only while the table is wider than its box (a phone, a zoomed page).
  function measure() {
    var overflows = scroller.scrollWidth > scroller.clientWidth + 1;
    hint.setAttribute("data-overflows", overflows ? "yes" : "no");
  }
  window.addEventListener("resize", measure);

  var number = casebookNumber();

  // A plural string from a data attribute, with its number put in.
  function plural(attribute, count) {
    return casebookPlural(root.getAttribute(attribute), count);
  }

  var state = stateFromUrl();
  var shown = apply(state);
  root.querySelector("[data-casebook-actions]").hidden = false;
  root.querySelector("[data-casebook-done]").hidden = false;

  function choose(next) {
    state = next;
    history.pushState(state, "", urlFromState(state));
    shown = apply(state);
    keepQueryInLanguageLinks();
  }

  links.forEach(function (link) {
    link.addEventListener("click", function (event) {
      if (event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) {
        return;  // opening the static page in a new tab still works
      }
      event.preventDefault();
      var facet = link.getAttribute("data-facet");
      var value = link.getAttribute("data-value");
      var next = Object.assign({}, state);
      if (next[facet] === value) {
        delete next[facet];
      } else {
        next[facet] = value;
      }
      choose(next);
    });
  });

  chosen.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-facet]");
    if (button) {
      var next = Object.assign({}, state);
      delete next[button.getAttribute("data-facet")];
      choose(next);
    }
  });

  root.querySelectorAll("[data-casebook-reset]").forEach(function (reset) {
    reset.addEventListener("click", function (event) {
      event.preventDefault();
      choose({});
    });
  });

  // "Show the cases": the filters fold away and the table comes into view.
  root.querySelector("[data-casebook-show]").addEventListener("click", function (event) {
    event.preventDefault();
    disclosure.open = false;
    root.querySelector("[data-casebook-status]").scrollIntoView({ block: "start" });
  });

  window.addEventListener("popstate", function () {
    state = stateFromUrl();
    shown = apply(state);
    keepQueryInLanguageLinks();
  });

  // "Download what is shown": the published files, cut down to the visible cases.
  function save(text, name, type) {
    var url = URL.createObjectURL(new Blob([text], { type: type }));
    var link = document.createElement("a");
    link.href = url;
    link.download = name;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
  }

  function download(kind) {
    var source = root.getAttribute(kind === "csv" ? "data-cases-csv" : "data-cases-json");
    return fetch(source).then(function (response) {
      if (!response.ok) {
        throw new Error(source + ": " + response.status);
      }
      return response.text();
    }).then(function (text) {
      if (kind === "csv") {
        // One line per case (the build collapses line breaks); the slug, first column, is never quoted.
        var lines = text.split("\r\n");
        var kept = [lines[0]].concat(lines.slice(1).filter(function (line) {
          return line && shown[line.split(",", 1)[0]];
        }));
        save(kept.join("\r\n") + "\r\n", "cases-filtered.csv", "text/csv;charset=utf-8");
      } else {
        var data = JSON.parse(text);
        data.cases = data.cases.filter(function (item) { return shown[item.slug]; });
        save(JSON.stringify(data, null, 1) + "\n", "cases-filtered.json", "application/json");
      }
    });
  }

  root.querySelectorAll("[data-casebook-download]").forEach(function (button) {
    button.addEventListener("click", function () {
      download(button.getAttribute("data-casebook-download"));
    });
  });
}());

/* The map page (map.md.j2) shows the cases that the cases index's filters in the address choose
   (?phase=...&country=...): marks and list entries of the others are hidden. Without JavaScript, or
   without filters, the map shows every case. The facets are the data attributes the list entries
   carry, the same as the cases index's rows. */
(function () {
  "use strict";
  var map = document.querySelector("[data-casebook-map]");
  if (!map) {
    return;
  }
  var entries = Array.prototype.slice.call(map.querySelectorAll("li[data-slug]"));
  var state = {};
  new URLSearchParams(location.search).forEach(function (value, facet) {
    if (entries.length && entries[0].hasAttribute("data-" + facet)) {
      state[facet] = value;
    }
  });
  var facets = Object.keys(state);
  if (!facets.length) {
    return;
  }
  var shown = {};
  var count = 0;
  entries.forEach(function (entry) {
    var visible = facets.every(function (facet) {
      return (entry.getAttribute("data-" + facet) || "").split(" ").indexOf(state[facet]) !== -1;
    });
    entry.hidden = !visible;
    if (visible) {
      shown[entry.getAttribute("data-slug")] = true;
      count += 1;
    }
  });
  map.querySelectorAll("li[data-map-country]").forEach(function (country) {
    country.hidden = !country.querySelector("li[data-slug]:not([hidden])");
  });
  map.querySelectorAll(".casebook-map__mark").forEach(function (mark) {
    var slugs = mark.getAttribute("data-slugs").split(" ").filter(function (slug) { return shown[slug]; });
    if (slugs.length) {
      mark.removeAttribute("hidden");
    } else {
      mark.setAttribute("hidden", "");
    }
    var number = mark.querySelector("text");
    if (number) {
      number.textContent = String(slugs.length);
    }
  });
  var status = document.querySelector("[data-casebook-map-status]");
  status.textContent = casebookPlural(map.getAttribute("data-status-some"), entries.length).replace(
    "{shown}", casebookNumber().format(count));
  status.hidden = false;
})();
