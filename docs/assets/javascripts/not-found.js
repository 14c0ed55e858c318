// The 404 page carries every language, one section each (overrides/404.html). Show the one of
// the requested path: the section whose folder (data-prefix, e.g. "en/") starts the path, else the
// default language's (no prefix). The site's root is where this script lives, two folders up, so
// the page works under a project sub-path too.
(function () {
  "use strict";
  var root = new URL("../../", document.currentScript.src).pathname;
  var path = location.pathname.indexOf(root) === 0 ? location.pathname.slice(root.length) : "";
  var sections = Array.prototype.slice.call(document.querySelectorAll("section.not-found"));
  var shown = sections.filter(function (section) {
    var prefix = section.getAttribute("data-prefix");
    return prefix && (path.indexOf(prefix) === 0 || path + "/" === prefix);
  })[0] || sections.filter(function (section) { return !section.getAttribute("data-prefix"); })[0];
  document.documentElement.lang = shown.lang;
  sections.forEach(function (section) {
    section.hidden = section !== shown;
  });
  document.title = shown.querySelector("h1").textContent;
})();
