// Keyboard shortcuts for the review desk (no inline scripts: CSP-friendly).
(function () {
  "use strict";
  function typing(event) {
    var tag = (event.target.tagName || "").toLowerCase();
    return tag === "input" || tag === "textarea" || tag === "select" || event.target.isContentEditable;
  }
  function rows() { return Array.prototype.slice.call(document.querySelectorAll("table.queue tbody tr a")); }
  function move(step) {
    var links = rows();
    if (!links.length) { return; }
    var i = links.indexOf(document.activeElement);
    var next = links[Math.max(0, Math.min(links.length - 1, i + step))] || links[0];
    next.focus();
    next.closest("tr").scrollIntoView({block: "nearest"});
  }
  function press(selector) {
    var button = document.querySelector(selector);
    if (button) { button.click(); }
  }
  document.addEventListener("DOMContentLoaded", function () {
    var help = document.getElementById("help");
    document.querySelectorAll("[data-help]").forEach(function (b) {
      b.addEventListener("click", function () { if (help) { help.showModal(); } });
    });
  });
  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event)) { return; }
    var help = document.getElementById("help");
    switch (event.key) {
      case "j": move(1); break;
      case "k": move(-1); break;
      case "t": press("button.btn-triage"); break;
      case "a": press("button.btn-assign"); break;
      case "d": press("button.btn-dismiss"); break;
      case "/": event.preventDefault(); var q = document.getElementById("id_q"); if (q) { q.focus(); } break;
      case "?": if (help) { if (help.open) { help.close(); } else { help.showModal(); } } break;
      default: return;
    }
  });
})();
