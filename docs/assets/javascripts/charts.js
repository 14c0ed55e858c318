// Charts arrive as static SVG, drawn at build time: readable without JavaScript, in print and
// in reader mode. Each bar or dot carries its values in data-tip (JSON pairs written by the
// build); this script shows them in a tooltip when a reader points at, taps or, with the
// chart focused, moves with the arrow keys to a mark. Nothing else is downloaded.
(function () {
  "use strict";
  var charts = document.querySelectorAll(".insight-figure .chart");
  if (!charts.length) return;

  var tip = document.createElement("div");
  tip.className = "chart-tooltip";
  tip.setAttribute("role", "status");  // read out when a keyboard reader moves to a mark
  tip.hidden = true;
  document.body.appendChild(tip);
  var active = null;

  function show(mark, x, y) {
    if (active) active.classList.remove("is-active");
    active = mark;
    mark.classList.add("is-active");
    var list = document.createElement("dl");
    JSON.parse(mark.getAttribute("data-tip")).forEach(function (pair) {
      var term = document.createElement("dt");
      var detail = document.createElement("dd");
      term.textContent = pair[0];
      detail.textContent = pair[1];
      list.append(term, detail);
    });
    tip.replaceChildren(list);
    tip.hidden = false;
    var left = Math.min(x + 14, window.innerWidth - tip.offsetWidth - 8);
    var top = Math.min(y + 14, window.innerHeight - tip.offsetHeight - 8);
    tip.style.left = Math.max(8, left) + "px";
    tip.style.top = Math.max(8, top) + "px";
  }

  function hide() {
    if (active) active.classList.remove("is-active");
    active = null;
    tip.hidden = true;
  }

  // The marks of the layout on screen, top to bottom then left to right, as a reader scans them.
  function marks(chart) {
    return Array.prototype.filter.call(chart.querySelectorAll("[data-tip]"), function (mark) {
      return mark.getClientRects().length > 0;
    }).sort(function (a, b) {
      var ra = a.getBoundingClientRect(), rb = b.getBoundingClientRect();
      return (ra.top - rb.top) || (ra.left - rb.left);
    });
  }

  var KEYS = { ArrowDown: 1, ArrowRight: 1, ArrowUp: -1, ArrowLeft: -1 };

  charts.forEach(function (chart) {
    chart.addEventListener("pointerover", function (event) {
      var mark = event.target.closest("[data-tip]");
      if (mark) show(mark, event.clientX, event.clientY);
    });
    chart.addEventListener("pointermove", function (event) {
      if (active && event.target.closest("[data-tip]") === active) show(active, event.clientX, event.clientY);
    });
    chart.addEventListener("pointerleave", hide);
    chart.addEventListener("focusout", hide);
    chart.addEventListener("keydown", function (event) {
      if (event.key === "Escape") return hide();
      var list = marks(chart);
      var step = KEYS[event.key];
      var index = event.key === "Home" ? 0 : event.key === "End" ? list.length - 1
        : step ? (list.indexOf(active) + step + list.length + (active ? 0 : step < 0 ? 1 : 0)) % list.length : -1;
      if (index < 0 || !list.length) return;
      event.preventDefault();
      var box = list[index].getBoundingClientRect();
      show(list[index], box.right, box.top);
    });
  });
  document.addEventListener("pointerdown", function (event) {
    if (!event.target.closest(".insight-figure .chart")) hide();
  });
})();

// "Copy the code" under each figure: the iframe code of its embeddable page.
document.querySelectorAll(".figure-copy[data-copy]").forEach(function (button) {
  "use strict";
  var status = button.parentNode.querySelector(".figure-copied");
  button.hidden = false;
  button.addEventListener("click", function () {
    var code = document.getElementById(button.getAttribute("data-copy")).textContent;
    navigator.clipboard.writeText(code).then(function () {
      status.textContent = button.getAttribute("data-done");
    }, function () {  // no clipboard (an insecure context, say): select the code for the reader
      var range = document.createRange();
      range.selectNodeContents(document.getElementById(button.getAttribute("data-copy")));
      getSelection().removeAllRanges();
      getSelection().addRange(range);
    });
  });
});
