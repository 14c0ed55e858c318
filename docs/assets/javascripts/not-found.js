// The 404 page carries both languages (overrides/404.html). Show the one of the requested
// path: /en/… in English, anything else in French. The site's root is where this script
// lives, two folders up, so the page works under a project sub-path too.
(function () {
  "use strict";
  var root = new URL("../../", document.currentScript.src).pathname;
  var path = location.pathname.indexOf(root) === 0 ? location.pathname.slice(root.length) : "";
  var lang = /^en(\/|$)/.test(path) ? "en" : "fr";
  document.documentElement.lang = lang;
  document.querySelectorAll("section.not-found").forEach(function (section) {
    section.hidden = section.lang !== lang;
  });
  document.title = lang === "en" ? "Page not found" : "Page introuvable";
})();
