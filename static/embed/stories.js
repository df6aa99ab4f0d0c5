/* Viedie ciemi story cards for partner sites.
   <a class="viedie-ciemi-fallback" href="https://SITE/en/stories/">Smart-village stories</a>
   <script src="https://SITE/static/embed/stories.js" data-lang="en" data-country="AT"
           data-theme="energy" data-limit="3" async></script>
   Without JavaScript the partner's plain link stays; with it, the cards replace the link. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !window.fetch) { return; }
  var origin = new URL(script.src, document.baseURI).origin;
  var data = script.dataset;
  var lang = data.lang === "en" ? "en" : "lv";
  var limit = Math.min(Math.max(parseInt(data.limit || "3", 10) || 3, 1), 20);
  var params = new URLSearchParams({
    type: "knowledge.GoodPracticeStory", locale: lang, limit: String(limit),
    fields: "intro,place,country"
  });
  /* The story filters of every channel (knowledge/stories/filters.py). */
  ["country", "theme", "innovation", "status", "step", "challenge"].forEach(function (name) {
    if (data[name]) { params.set(name, data[name]); }
  });

  var box = document.createElement("div");
  box.className = "viedie-ciemi-stories";
  box.setAttribute("lang", lang);
  var fallback = script.previousElementSibling;
  if (fallback && fallback.classList.contains("viedie-ciemi-fallback")) {
    fallback.replaceWith(box);
  } else {
    script.parentNode.insertBefore(box, script.nextSibling);
  }

  function element(tag, text, className) {
    var node = document.createElement(tag);
    if (text) { node.textContent = text; }
    if (className) { node.className = className; }
    return node;
  }

  fetch(origin + "/api/v2/pages/?" + params.toString(), { credentials: "omit" })
    .then(function (response) {
      if (!response.ok) { throw new Error("HTTP " + response.status); }
      return response.json();
    })
    .then(function (json) {
      var list = element("ul", null, "viedie-ciemi-cards");
      list.style.cssText = "list-style:none;margin:0;padding:0;display:grid;gap:.75rem";
      json.items.forEach(function (item) {
        var card = element("li", null, "viedie-ciemi-card");
        card.style.cssText = "border:1px solid #d8d2c4;border-left:4px solid #0b5d3b;" +
          "border-radius:6px;padding:.6rem .8rem;background:#fff";
        var heading = element("h3");
        heading.style.margin = "0 0 .2rem";
        var link = element("a", item.title);
        link.href = item.meta.html_url;
        heading.appendChild(link);
        card.appendChild(heading);
        card.appendChild(element("p", item.place));
        card.appendChild(element("p", item.intro));
        list.appendChild(card);
      });
      box.appendChild(list);
    })
    .catch(function () {
      var link = element("a", lang === "en" ? "Smart-village stories" : "Viedo ciemu stāsti");
      link.href = origin + "/" + lang + "/";
      box.appendChild(link);
    });
}());
