// Keyboard shortcuts for the review desk (no inline scripts: CSP-friendly).
//
// Queue: j / k select the next / previous row, Enter opens it, and t / a / d
// triage, assign to me or dismiss (with a reason, in a dialog) the selected
// row through the bulk endpoint. Claim page: j / k (or n / p) open the next /
// previous claim in the queue order; t / a press the workflow buttons and d
// goes to the dismiss form's reason. Everything also works without this file.
(function () {
  "use strict";
  var SELECTED = "verify-selected-claim";

  function typing(event) {
    var tag = (event.target.tagName || "").toLowerCase();
    return tag === "input" || tag === "textarea" || tag === "select" || event.target.isContentEditable;
  }
  function queueRows() { return Array.prototype.slice.call(document.querySelectorAll("table[data-queue] tbody tr[data-claim]")); }
  function selectedRow() { return document.querySelector("table[data-queue] tr.selected"); }

  function select(row) {
    queueRows().forEach(function (r) { r.classList.remove("selected"); r.removeAttribute("aria-selected"); });
    if (!row) { return; }
    row.classList.add("selected");
    row.setAttribute("aria-selected", "true");
    var link = row.querySelector("a");
    if (link) { link.focus({preventScroll: true}); }
    row.scrollIntoView({block: "nearest"});
    try { sessionStorage.setItem(SELECTED, row.getAttribute("data-claim")); } catch (e) { /* private mode */ }
  }
  function step(delta) {
    var rows = queueRows();
    if (!rows.length) { return; }
    var i = rows.indexOf(selectedRow());
    select(i < 0 ? rows[0] : rows[Math.max(0, Math.min(rows.length - 1, i + delta))]);
  }
  function rowAction(action) {
    var row = selectedRow();
    var form = document.getElementById("row-action");
    if (!row || !form) { return; }
    form.elements.action.value = action;
    form.elements.claims.value = row.getAttribute("data-claim");
    form.submit();
  }
  function openDismiss() {
    var row = selectedRow();
    var dialog = document.getElementById("dismiss-dialog");
    if (!row || !dialog) { return; }
    var form = dialog.querySelector("form");
    form.elements.claims.value = row.getAttribute("data-claim");
    dialog.querySelector("[data-dismiss-claim]").textContent = "#" + row.getAttribute("data-claim");
    var link = row.querySelector("a");
    dialog.querySelector("[data-dismiss-text]").textContent = link ? link.textContent : "";
    dialog.showModal();
    document.getElementById("dismiss-reason").focus();
  }
  function follow(selector) {
    var link = document.querySelector(selector);
    if (link) { window.location.assign(link.href); }
  }
  function press(selector) {
    var button = document.querySelector(selector);
    if (button) { button.click(); }
  }
  function focusDismissForm() {
    var reason = document.querySelector("form.move select[name=reason]");
    if (reason) { reason.scrollIntoView({block: "center"}); reason.focus(); }
  }

  document.addEventListener("DOMContentLoaded", function () {
    var help = document.getElementById("help");
    document.querySelectorAll("[data-help]").forEach(function (b) {
      b.addEventListener("click", function () { if (help) { help.showModal(); } });
    });
    document.querySelectorAll("dialog [data-close]").forEach(function (b) {
      b.addEventListener("click", function () { b.closest("dialog").close(); });
    });
    queueRows().forEach(function (row) {
      row.addEventListener("click", function (event) {
        if (event.target.tagName.toLowerCase() !== "a" && event.target.tagName.toLowerCase() !== "input") { select(row); }
      });
    });
    // After a shortcut's round trip, keep the same row selected.
    var kept = null;
    try { kept = sessionStorage.getItem(SELECTED); } catch (e) { kept = null; }
    if (kept) {
      var row = document.querySelector('table[data-queue] tr[data-claim="' + kept.replace(/[^0-9]/g, "") + '"]');
      if (row) { select(row); }
    }
  });

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event)) { return; }
    if (document.querySelector("dialog[open]") && event.key !== "?") { return; }
    var help = document.getElementById("help");
    var inQueue = queueRows().length > 0;
    // The key is the shortcut's, never also typed: "d" opens the dismiss dialog and focuses its
    // reason, and without this the same keystroke would land in that select and pick the reason
    // starting with "d" ("Duplicate of another claim").
    var handled = true;
    switch (event.key) {
      case "j": case "n":
        if (inQueue) { step(1); } else { follow("[data-shortcut=next]"); }
        break;
      case "k": case "p":
        if (inQueue) { step(-1); } else { follow("[data-shortcut=previous]"); }
        break;
      case "t": if (inQueue) { rowAction("triage"); } else { press("button.btn-triage"); } break;
      case "a": if (inQueue) { rowAction("assign_me"); } else { press("button.btn-assign"); } break;
      case "d": if (inQueue) { openDismiss(); } else { focusDismissForm(); } break;
      case "/": var q = document.getElementById("id_q"); if (q) { q.focus(); } break;
      case "?": if (help) { if (help.open) { help.close(); } else { help.showModal(); } } break;
      default: handled = false;
    }
    if (handled) { event.preventDefault(); }
  });
})();
