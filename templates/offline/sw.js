/* Viedie ciemi: offline reading (knowledge/offline.py says what and why). */
"use strict";
const CONFIG = {{ config|safe }};
const STATIC = "static-" + CONFIG.version;
const PAGES = "pages";
const KEPT = [STATIC, PAGES];
// Never kept, never answered from a copy: the admin, the API, the widget, documents, feeds.
const SKIPPED = ["/admin/", "/api/", "/embed/", "/documents/", "/sw.js"];

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(STATIC)
      .then(function (cache) {
        return cache.addAll(CONFIG.assets.concat(Object.values(CONFIG.offline)));
      })
      .then(function () { return self.skipWaiting(); })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys()
      .then(function (names) {
        return Promise.all(names.filter(function (name) { return KEPT.indexOf(name) < 0; })
          .map(function (name) { return caches.delete(name); }));
      })
      .then(function () { return self.clients.claim(); })
  );
});

function languageOf(path) {
  const prefix = path.split("/")[1];
  return CONFIG.languages.indexOf(prefix) >= 0 ? prefix : CONFIG.languages[0];
}

function keepable(url, response) {
  if (!response || response.status !== 200 || response.type !== "basic") { return false; }
  if (url.search) { return false; }  // search results, filtered lists, feeds' parameters
  if (CONFIG.searchPaths.some(function (path) { return url.pathname.startsWith(path); })) {
    return false;
  }
  const control = response.headers.get("Cache-Control") || "";
  return !/no-store|private/.test(control)
    && (response.headers.get("Content-Type") || "").startsWith("text/html");
}

function trim(cache) {
  return cache.keys().then(function (keys) {
    const extra = keys.length - CONFIG.maxPages;
    return Promise.all(keys.slice(0, Math.max(0, extra)).map(function (key) {
      return cache.delete(key);
    }));
  });
}

function page(event, url) {
  return fetch(event.request)
    .then(function (response) {
      if (keepable(url, response)) {
        const copy = response.clone();
        event.waitUntil(caches.open(PAGES).then(function (cache) {
          // Delete first so that the newest visit goes to the end of the keys (trimmed last).
          return cache.delete(url.pathname)
            .then(function () { return cache.put(url.pathname, copy); })
            .then(function () { return trim(cache); });
        }));
      }
      return response;
    })
    .catch(function () {
      return caches.open(PAGES)
        .then(function (cache) { return cache.match(url.pathname); })
        .then(function (kept) {
          return kept || caches.match(CONFIG.offline[languageOf(url.pathname)]);
        });
    });
}

function asset(event) {
  return caches.match(event.request).then(function (kept) {
    return kept || fetch(event.request).then(function (response) {
      if (response.ok) {
        const copy = response.clone();
        event.waitUntil(caches.open(STATIC).then(function (cache) {
          return cache.put(event.request, copy);
        }));
      }
      return response;
    });
  });
}

self.addEventListener("fetch", function (event) {
  const request = event.request;
  if (request.method !== "GET") { return; }
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) { return; }
  if (SKIPPED.some(function (prefix) { return url.pathname.startsWith(prefix); })) { return; }
  if (url.pathname.startsWith("/static/")) {
    event.respondWith(asset(event));
  } else if (request.mode === "navigate") {
    event.respondWith(page(event, url));
  }
});
