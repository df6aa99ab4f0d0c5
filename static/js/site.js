/* The site's only script, small on purpose; every page works without it. */
(function () {
"use strict";

function linkItem(url, title) {
  var li = document.createElement("li");
  var a = document.createElement("a");
  a.href = url;
  a.textContent = title;
  li.appendChild(a);
  return li;
}

/* Search filters: closed on a phone so that the results come first, open on a wide screen
   where they sit beside the results. */
function searchFilters() {
  var filters = document.querySelector(".facets-toggle");
  if (filters && window.matchMedia && window.matchMedia("(min-width: 48rem)").matches) {
    filters.open = true;
  }
}

/* As-you-type suggestions for a search box (the header's, or the search page's own). Without
   JavaScript the form simply submits to the search page; this only adds a short list of
   matching pages. */
function searchSuggestions() {
  if (!window.fetch) { return; }
  Array.prototype.forEach.call(document.querySelectorAll("form[data-suggest]"), suggest);

  function suggest(form) {
    var input = form.querySelector("input[type=search]");
    var endpoint = form.getAttribute("data-suggest");
    var list = document.createElement("ul");
    list.className = "suggestions";
    list.id = input.id + "-suggestions";
    list.hidden = true;
    form.appendChild(list);
    input.setAttribute("aria-controls", list.id);
    input.setAttribute("aria-autocomplete", "list");
    var timer = null;
    var last = "";

    function render(items) {
      list.textContent = "";
      items.forEach(function (item) { list.appendChild(linkItem(item.url, item.title)); });
      list.hidden = items.length === 0;
    }

    input.addEventListener("input", function () {
      var q = input.value.trim();
      clearTimeout(timer);
      if (q.length < 2) { render([]); return; }
      timer = setTimeout(function () {
        if (q === last) { return; }
        last = q;
        fetch(endpoint + "?q=" + encodeURIComponent(q), { credentials: "omit" })
          .then(function (r) { return r.ok ? r.json() : { suggestions: [] }; })
          .then(function (data) { if (input.value.trim() === q) { render(data.suggestions); } })
          .catch(function () { render([]); });
      }, 200);
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown" && !list.hidden) {
        event.preventDefault();
        list.querySelector("a").focus();
      } else if (event.key === "Escape") {
        render([]);
      }
    });
    list.addEventListener("keydown", function (event) {
      var current = document.activeElement.parentElement;
      if (event.key === "ArrowDown" && current.nextElementSibling) {
        event.preventDefault();
        current.nextElementSibling.querySelector("a").focus();
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        if (current.previousElementSibling) {
          current.previousElementSibling.querySelector("a").focus();
        } else {
          input.focus();
        }
      } else if (event.key === "Escape") {
        render([]);
        input.focus();
      }
    });
    document.addEventListener("click", function (event) {
      if (!form.contains(event.target)) { render([]); }
    });
  }
}

/* Offline reading: a service worker keeps the pages this reader opens (knowledge/offline.py).
   Registered after the page has loaded, so that it never slows the first visit. */
function offlineReading() {
  if (!("serviceWorker" in navigator)) { return; }
  window.addEventListener("load", function () {
    navigator.serviceWorker.register("/sw.js").catch(function () { /* reading goes on */ });
  });

  // On the offline page: list the kept pages of this language, by their headings.
  var list = document.getElementById("saved-pages");
  if (!list || !window.caches) { return; }
  var prefix = "/" + list.getAttribute("data-language") + "/";
  caches.open("pages").then(function (cache) {
    return cache.keys().then(function (requests) {
      var mine = requests.filter(function (request) {
        return new URL(request.url).pathname.indexOf(prefix) === 0;
      });
      return Promise.all(mine.map(function (request) {
        return cache.match(request).then(function (response) { return response.text(); })
          .then(function (html) {
            var doc = new DOMParser().parseFromString(html, "text/html");
            var heading = doc.querySelector("h1");
            var title = heading ? heading.textContent.trim() : "";
            return { url: new URL(request.url).pathname, title: title };
          });
      }));
    });
  }).then(function (pages) {
    pages.reverse().forEach(function (page) {  // the latest visit first
      if (page.title) { list.appendChild(linkItem(page.url, page.title)); }
    });
    if (list.children.length) { list.closest("section").hidden = false; }
  });
}

/* "Print this plan": a button only where a script can print; without it, the browser's own
   Print menu gives the same A4 layout (print.css). */
function printButtons() {
  Array.prototype.forEach.call(document.querySelectorAll("[data-print]"), function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
}

searchFilters();
searchSuggestions();
printButtons();
offlineReading();
}());
