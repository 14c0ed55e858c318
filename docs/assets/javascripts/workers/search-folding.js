// Material's own search worker (its file name comes in ?theme=), with one change: every token,
// indexed or searched, has its accents folded, so "methodologie" finds "Méthodologie" and
// "reseaux" finds "réseaux", and "d'entreprise" finds "d’entreprise". Folding keeps string lengths,
// so highlighting still lines up.
importScripts(new URL(self.location.href).searchParams.get("theme"));

(function () {
  "use strict";
  function fold(text) {
    // The build sets French apostrophes curly (’); a reader types them straight.
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[\u2019\u2018]/g, "'");
  }
  // Queries with a wildcard skip the pipeline, so fold the query itself too.
  var search = lunr.Index.prototype.search;
  lunr.Index.prototype.search = function (query) {
    return search.call(this, fold(query));
  };
  var run = lunr.Pipeline.prototype.run;
  lunr.Pipeline.prototype.run = function (tokens) {
    tokens.forEach(function (token) {
      token.update(fold);
    });
    return run.call(this, tokens);
  };
})();
