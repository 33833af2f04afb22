/*
  sdtoolkit: the line "Alleen lezen of afdrukken? ..." that links to the static copies
  (HTML, PDF) of this app. The server makes them in the background
  (sdtoolkit/serving/static_copies.py) and lists them in a manifest; this script reads it
  and shows the links once this notebook's copy is ready, "wordt nog gemaakt" while it is
  being made, and nothing when there is none (export failed, or no manifest).
*/
(function () {
  "use strict";
  var RETRY_MS = 20000; // while a copy is being made, look again this often
  var MAX_TRIES = 30; // ... for at most ten minutes

  var bar = document.getElementById("sd-static-copy");
  if (!bar || !window.fetch || !window.URL) {
    return;
  }
  var manifest = new URL(bar.dataset.manifest, location.href);
  // The notebook of this page: the path after <base_url>voila/render/ (null when Voila
  // serves a single notebook, at the base URL itself).
  var base = new URL(document.body.dataset.baseUrl || "/voila/", location.href);
  var render = base.pathname + "render/";
  var notebook = location.pathname.indexOf(render) === 0
    ? decodeURIComponent(location.pathname.slice(render.length))
    : null;
  var cells = document.getElementById("rendered_cells");
  if (cells) {
    cells.insertBefore(bar, cells.firstChild); // above the report, where readers look
  }

  function part(name) {
    return bar.querySelector('[data-copy="' + name + '"]');
  }

  function show(state) {
    Array.prototype.forEach.call(bar.querySelectorAll("[data-state]"), function (el) {
      el.hidden = el.dataset.state !== state;
    });
    bar.hidden = state === null;
  }

  function entryFor(list) {
    if (notebook !== null) {
      return list[notebook] || null;
    }
    var names = Object.keys(list);
    return names.length === 1 ? list[names[0]] : null;
  }

  function check(tries) {
    fetch(manifest, { cache: "no-store", credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        var entry = data && data.notebooks ? entryFor(data.notebooks) : null;
        if (entry && entry.state === "ready" && entry.html) {
          part("html").href = new URL(entry.html, manifest).href;
          if (entry.pdf) {
            part("pdf").href = new URL(entry.pdf, manifest).href;
          }
          part("pdf-part").hidden = !entry.pdf;
          part("made").textContent = entry.made_text || "";
          show("ready");
        } else if (entry && entry.state === "pending") {
          show("pending");
          if (tries < MAX_TRIES) {
            setTimeout(function () { check(tries + 1); }, RETRY_MS);
          }
        } else {
          show(null);
        }
      })
      .catch(function () { show(null); });
  }

  check(1);
})();
