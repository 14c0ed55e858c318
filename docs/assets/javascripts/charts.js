// Render the page's charts with the self-hosted Vega runtime.
// Pages without a chart load nothing more than this file.
(function () {
  "use strict";
  var charts = document.querySelectorAll(".vega-chart[data-spec]");
  if (!charts.length) return;

  function render(el) {
    return fetch(el.getAttribute("data-spec"))
      .then(function (response) {
        if (!response.ok) throw new Error(response.status + " " + el.getAttribute("data-spec"));
        return response.json();
      })
      .then(function (spec) {
        var view = new vega.View(vega.parse(spec), { renderer: "svg", container: el, hover: true });
        return view.runAsync();
      })
      .then(function () {
        el.setAttribute("data-rendered", "true");
      });
  }

  var script = document.createElement("script");
  script.src = charts[0].getAttribute("data-runtime");
  script.onload = function () {
    charts.forEach(render);
  };
  document.head.appendChild(script);
})();
