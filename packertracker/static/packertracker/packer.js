// Packer Tracker: what htmx does not do by itself. No inline scripts: the CSP forbids them.
(function () {
  "use strict";

  // A tick that did not reach the server: the row keeps the state last saved (htmx does not
  // swap on errors), and says so, so nobody believes an item is packed when it is not.
  function showPackError(event) {
    var row = event.detail.elt.closest("[data-pack-row]");
    if (!row) return;
    var message = event.type === "htmx:sendError"
      ? "Not saved: no connection. Tap again."
      : "Not saved. Reload the page and try again.";
    row.classList.add("has-error");
    row.querySelector("[data-pack-error]").textContent = message;
  }

  function clearPackError(event) {
    var row = event.detail.elt.closest("[data-pack-row]");
    if (!row) return;
    row.classList.remove("has-error");
    row.querySelector("[data-pack-error]").textContent = "";
  }

  document.addEventListener("htmx:sendError", showPackError);
  document.addEventListener("htmx:responseError", showPackError);
  document.addEventListener("htmx:beforeRequest", clearPackError);

  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-print]")) window.print();
  });
})();
