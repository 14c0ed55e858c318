// Charts arrive as static SVG, drawn at build time: readable without JavaScript, in print
// and in reader mode. The self-hosted Vega runtime (about 180 kB gzip) is fetched only when
// a reader reaches for a chart, by pointer, focus or touch; the chart is then redrawn live
// at the width of its column, with tooltips. Pages without charts fetch nothing more.
(function () {
  "use strict";
  var charts = document.querySelectorAll(".insight-figure .chart[data-runtime]");
  if (!charts.length) return;

  var runtime = null;
  function loadRuntime(src) {
    if (!runtime) {
      runtime = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = src;
        script.onload = resolve;
        script.onerror = function () { reject(new Error("cannot load " + src)); };
        document.head.appendChild(script);
      });
    }
    return runtime;
  }

  var tip = null;
  function tooltip(handler, event, item, value) {
    if (!tip) {
      tip = document.createElement("div");
      tip.className = "chart-tooltip";
      tip.setAttribute("role", "tooltip");
      document.body.appendChild(tip);
    }
    if (value == null || value === "" || typeof value !== "object") {
      tip.hidden = true;
      return;
    }
    var list = document.createElement("dl");
    Object.keys(value).forEach(function (key) {
      var term = document.createElement("dt");
      var detail = document.createElement("dd");
      term.textContent = key;
      detail.textContent = value[key];
      list.append(term, detail);
    });
    tip.replaceChildren(list);
    tip.hidden = false;
    var x = Math.min(event.clientX + 14, window.innerWidth - tip.offsetWidth - 8);
    var y = Math.min(event.clientY + 14, window.innerHeight - tip.offsetHeight - 8);
    tip.style.left = Math.max(8, x) + "px";
    tip.style.top = Math.max(8, y) + "px";
  }

  function visibleLayout(chart) {
    var shown = Array.prototype.filter.call(chart.children, function (el) {
      return getComputedStyle(el).display !== "none";
    })[0];
    return shown.className.replace("chart-", "").split(" ")[0];
  }

  function activate(chart) {
    if (chart.getAttribute("data-state")) return;
    chart.setAttribute("data-state", "loading");
    var layout = visibleLayout(chart);
    var target = chart.querySelector(".chart-" + layout);
    var specUrl = chart.getAttribute("data-" + layout);
    var fetchSpec = fetch(specUrl).then(function (response) {
      if (!response.ok) throw new Error(response.status + " " + specUrl);
      return response.json();
    });
    Promise.all([loadRuntime(chart.getAttribute("data-runtime")), fetchSpec])
      .then(function (loaded) {
        var holder = document.createElement("div");
        holder.className = target.className + " is-live";
        var view = new vega.View(vega.parse(loaded[1]), { renderer: "svg", container: holder, hover: true });
        view.tooltip(tooltip);
        view.width(target.clientWidth);
        return view.runAsync().then(function () {
          var staticSvg = target.querySelector("svg");
          var liveSvg = holder.querySelector("svg");
          // Like the static SVG: one image named by the caption, no unnamed inner roles.
          liveSvg.querySelectorAll("[role], [aria-roledescription], [aria-label]").forEach(function (el) {
            el.removeAttribute("role");
            el.removeAttribute("aria-roledescription");
            el.removeAttribute("aria-label");
          });
          ["role", "aria-labelledby", "aria-describedby", "focusable"].forEach(function (name) {
            liveSvg.setAttribute(name, staticSvg.getAttribute(name));
          });
          target.replaceWith(holder);
          new ResizeObserver(function () {
            if (holder.clientWidth) view.width(holder.clientWidth).runAsync();
          }).observe(holder);
          chart.setAttribute("data-state", "live");
        });
      })
      .catch(function (error) {
        chart.setAttribute("data-state", "static");  // the static chart stays; say why in the console
        console.warn("chart stays static:", error);
      });
  }

  charts.forEach(function (chart) {
    var go = function () { activate(chart); };
    chart.addEventListener("pointerenter", go, { once: true });
    chart.addEventListener("focusin", go, { once: true });
    chart.addEventListener("touchstart", go, { once: true, passive: true });
  });
})();
