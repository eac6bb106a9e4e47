// Packer Tracker: what htmx does not do by itself. No inline scripts: the CSP forbids them.
//
// Packing ticks are offline-first. A tick is kept on the device (localStorage) before anything
// is sent, shown at once, and sent with the time it was made; the server keeps the newest tick
// per item. Without a connection the ticks wait, through a closed tab too, and go when the
// connection is back ("online"), when any trip page is opened online, or at the next retry.
(function () {
  "use strict";

  var QUEUE = "packertracker.ticks";
  var LAST_SAVED = "packertracker.lastSaved";
  var RETRY_MS = 30000;
  var memberMeta = document.querySelector('meta[name="packer-member"]');
  var member = memberMeta ? memberMeta.content : "";
  var sending = false;

  function readQueue() {
    try {
      var ticks = JSON.parse(localStorage.getItem(QUEUE) || "[]");
      return Array.isArray(ticks) ? ticks : [];
    } catch (error) {
      return [];
    }
  }

  function writeQueue(ticks) {
    localStorage.setItem(QUEUE, JSON.stringify(ticks));
  }

  function mine(tick) {
    return tick.member === member;
  }

  function waitingFor(item) {
    var found = null;
    readQueue().forEach(function (tick) {
      if (mine(tick) && tick.item === item) found = tick;
    });
    return found;
  }

  function csrfToken() {
    try {
      return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || "";
    } catch (error) {
      return "";
    }
  }

  function rowsOf(item) {
    return document.querySelectorAll('.pack-form[data-item="' + item + '"]');
  }

  // Shows a row as packed or not, and as waiting to be sent or saved; keeps its list's
  // progress in step with what the rows now show.
  function showRow(form, packed, waiting) {
    var row = form.closest("[data-pack-row]");
    var button = form.querySelector("button.pack-toggle");
    var wasPacked = button.getAttribute("aria-checked") === "true";
    row.classList.toggle("is-packed", packed);
    row.classList.toggle("is-waiting", waiting);
    row.classList.remove("has-error");
    button.setAttribute("aria-checked", packed ? "true" : "false");
    button.value = packed ? "false" : "true";
    row.querySelector("[data-pack-error]").textContent = waiting
      ? "Ticked on this device, waiting to be sent."
      : "";
    if (wasPacked !== packed) countPacked(row, packed ? 1 : -1);
  }

  function countPacked(row, change) {
    var list = row.closest(".packing-list");
    var progress = list && list.querySelector("[data-pack-progress] progress");
    if (!progress) return;
    progress.value = Number(progress.value) + change;
    var total = Number(progress.max);
    var count = list.querySelector("[data-pack-count]");
    var all = progress.value === total && total > 0;
    count.textContent = all ? "All packed" : progress.value + " of " + total + " packed";
    count.classList.toggle("all-packed", all);
  }

  function clock(time) {
    return new Date(time).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
  }

  function showStatus(problem) {
    var waiting = readQueue().filter(mine).length;
    var lastSaved = Number(localStorage.getItem(LAST_SAVED)) || 0;
    var saved = lastSaved ? "last tick saved at " + clock(lastSaved) : "";
    var text;
    if (waiting) {
      text = (waiting === 1 ? "1 tick" : waiting + " ticks") + " waiting to be sent";
      text += problem ? " (" + problem + ")" : "";
      text += saved ? "; " + saved + "." : ".";
    } else {
      text = saved ? "All ticks saved; " + saved + "." : "";
    }
    document.querySelectorAll("[data-tick-status]").forEach(function (status) {
      status.textContent = text;
      status.classList.toggle("is-waiting", waiting > 0);
    });
  }

  function tick(form, packed) {
    var ticks = readQueue();
    ticks.push({
      url: form.dataset.ticks,
      member: member,
      item: Number(form.dataset.item),
      packed: packed,
      at: Date.now(),
      id: Date.now() + ":" + Math.random(),
    });
    writeQueue(ticks);
    rowsOf(form.dataset.item).forEach(function (each) {
      showRow(each, packed, true);
    });
    showStatus("");
    send();
  }

  // Sends this member's waiting ticks, one request per trip, oldest first.
  function send() {
    if (sending || !member) return;
    var ticks = readQueue().filter(mine);
    if (!ticks.length) return;
    var url = ticks[0].url;
    var batch = ticks.filter(function (each) {
      return each.url === url;
    });
    sending = true;
    var body = new URLSearchParams();
    body.set(
      "ticks",
      JSON.stringify(
        batch.map(function (each) {
          return { item: each.item, packed: each.packed, at: each.at };
        }),
      ),
    );
    fetch(url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken() },
    })
      .then(function (response) {
        if (response.ok) return response.json().then(saved.bind(null, batch));
        if (response.status === 400 || response.status === 404) return dropped(batch);
        throw new Error("the site said " + response.status + "; sign in again if it asks");
      })
      .then(
        function () {
          sending = false;
          showStatus("");
          send();
        },
        function (error) {
          sending = false;
          showStatus(error instanceof TypeError ? "no connection" : error.message);
        },
      );
  }

  function withoutSent(batch) {
    var sent = new Set(batch.map(function (each) {
      return each.id;
    }));
    writeQueue(
      readQueue().filter(function (each) {
        return !sent.has(each.id);
      }),
    );
  }

  function saved(batch, answer) {
    withoutSent(batch);
    localStorage.setItem(LAST_SAVED, String(Date.now()));
    batch.forEach(function (each) {
      if (!(each.item in answer.items)) return notSaved(each);
      var still = waitingFor(each.item);
      rowsOf(each.item).forEach(function (form) {
        showRow(form, still ? still.packed : answer.items[each.item], Boolean(still));
      });
    });
  }

  // The trip or the item is gone, or the ticks unreadable: sending them again would not help.
  function dropped(batch) {
    withoutSent(batch);
    batch.forEach(notSaved);
  }

  function notSaved(each) {
    rowsOf(each.item).forEach(function (form) {
      var row = form.closest("[data-pack-row]");
      row.classList.remove("is-waiting");
      row.classList.add("has-error");
      row.querySelector("[data-pack-error]").textContent = "Not saved. Reload the page and try again.";
    });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target.closest(".pack-form[data-ticks]");
    if (!form) return;
    event.preventDefault();
    tick(form, form.querySelector("button.pack-toggle").value === "true");
  });

  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-print]")) window.print();
  });

  // What the page shows is what was saved when it was made: ticks still waiting go on top.
  readQueue()
    .filter(mine)
    .forEach(function (each) {
      rowsOf(each.item).forEach(function (form) {
        showRow(form, each.packed, true);
      });
    });
  showStatus("");
  send();
  window.addEventListener("online", send);
  setInterval(send, RETRY_MS);

  // Opening trip pages without any connection needs a service worker, which browsers allow
  // only in a secure context (https, or localhost): not over the overlay's plain http.
  var worker = document.querySelector('meta[name="packer-worker"]');
  if (worker && window.isSecureContext && "serviceWorker" in navigator) {
    navigator.serviceWorker.register(worker.content, { scope: worker.dataset.scope });
  }
})();

// The review: each choice is saved as it is made, so nothing waits for the Save button.
(function () {
  "use strict";

  var form = document.querySelector("form[data-review-autosave]");
  if (!form) return;
  var status = form.querySelector("[data-review-status]");
  form.addEventListener("change", function (event) {
    if (event.target.type !== "radio") return;
    var body = new FormData(form);
    body.set("autosave", "1");
    fetch(form.action, { method: "POST", body: body, credentials: "same-origin" }).then(
      function (response) {
        status.textContent = response.ok ? "Saved." : "Not saved: press Save my review.";
      },
      function () {
        status.textContent = "Not saved (no connection): press Save my review later.";
      },
    );
  });
})();
