// The item page by keyboard and by tap. j/k move the current flag (wrapping) and keep it in view;
// a/r (and the Accept/Reject buttons) decide it without a reload, through the desk's own form
// endpoint asked for JSON, then move to the next undecided flag; ? shows the keys. A tap on a
// highlight explains it; keys do nothing while typing.
(function () {
  "use strict";
  var flags = Array.prototype.slice.call(document.querySelectorAll("li.flag"));
  var pane = document.getElementById("article-pane");
  var nav = document.getElementById("item-nav");
  var help = document.getElementById("key-help");
  var helpButton = document.getElementById("keys-button");
  var peek = document.getElementById("flag-peek");
  var status = document.getElementById("decide-status");
  var current = -1;

  function keepNavHeight() {
    if (nav) { document.documentElement.style.setProperty("--nav-h", nav.offsetHeight + "px"); }
  }

  // Two columns: the article scrolls inside its pane, beside the list.
  function articleBesideList() {
    return pane && getComputedStyle(pane).overflowY === "auto";
  }

  function marksOf(id) {
    return document.querySelectorAll('#article mark[data-flags~="' + id + '"]');
  }

  function scrollPaneTo(mark) {
    var paneBox = pane.getBoundingClientRect();
    var markBox = mark.getBoundingClientRect();
    if (markBox.top >= paneBox.top && markBox.bottom <= paneBox.bottom) { return; }
    // Only the pane moves: scrollIntoView would scroll the window too and lose the list entry.
    pane.scrollTop += markBox.top - paneBox.top - pane.clientHeight / 3;
  }

  function select(index, from) {
    if (!flags.length || index < 0) { return; }
    current = index;
    var entry = flags[current];
    var id = entry.dataset.flag;
    flags.forEach(function (flag, n) { flag.classList.toggle("current", n === current); });
    document.querySelectorAll("#article mark").forEach(function (mark) {
      mark.classList.toggle("current", (mark.dataset.flags || "").split(" ").indexOf(id) >= 0);
    });
    var mark = marksOf(id)[0];
    if (from === "mark" && !articleBesideList()) { showPeek(entry); return; }
    hidePeek();
    entry.scrollIntoView({ block: "nearest" });
    if (mark && articleBesideList()) { scrollPaneTo(mark); }
  }

  function next() { select(current < 0 ? 0 : (current + 1) % flags.length, "keys"); }
  function previous() {
    select(current < 0 ? flags.length - 1 : (current - 1 + flags.length) % flags.length, "keys");
  }

  function nextUndecided(after) {
    for (var step = 1; step <= flags.length; step += 1) {
      var n = (after + step) % flags.length;
      if (!flags[n].dataset.decision) { return n; }
    }
    return -1;
  }

  function undecidedCount() {
    return flags.filter(function (flag) { return !flag.dataset.decision; }).length;
  }

  function showDecided(entry, flag, itemStatus) {
    entry.dataset.decision = flag.decision;
    entry.classList.remove("accept", "reject", "duplicate");
    entry.classList.add(flag.decision);
    var line = entry.querySelector(".decision");
    line.textContent = "";
    var word = document.createElement("strong");
    word.textContent = flag.decision === "duplicate" ? "duplicate" : flag.decision + "ed";
    line.appendChild(word);
    if (flag.duplicate_of) { line.appendChild(document.createTextNode(" of flag " + flag.duplicate_of)); }
    var remaining = document.querySelector('#gate li[data-flag="' + flag.id + '"]');
    if (remaining) { remaining.remove(); }  // the approval gate's list: decided, no longer remains
    if (flag.note) { line.appendChild(document.createTextNode(": " + flag.note)); }
    entry.querySelector("input[name=expected_version]").value = flag.version;
    var pill = document.getElementById("item-status");
    pill.textContent = itemStatus;
    pill.className = "status " + itemStatus;
    var start = document.getElementById("start-review");
    if (start && itemStatus !== "pending") { start.remove(); }
    document.getElementById("undecided-count").textContent = undecidedCount();
    // Saved: drafts.js forgets what was typed in this entry's note.
    entry.dispatchEvent(new CustomEvent("desk:saved", { bubbles: true }));
  }

  function showRefusal(entry, message) {
    var box = entry.querySelector(".flag-error");
    box.textContent = "Not saved: " + message + " ";
    var reload = document.createElement("a");
    reload.href = "#" + entry.id;
    reload.textContent = "Reload the page";
    reload.addEventListener("click", function (event) {
      event.preventDefault();
      location.hash = entry.id;  // the reloaded page selects this flag again
      location.reload();
    });
    box.appendChild(reload);
    box.hidden = false;
    entry.scrollIntoView({ block: "nearest" });
  }

  function refusalOf(response) {
    return response.json().then(
      function (body) { return body.detail || "the desk refused the decision; reload the page"; },
      function () { return "the desk answered " + response.status + "; reload the page and decide again"; }
    );
  }

  function moveOn(index) {
    var n = nextUndecided(index);
    if (n < 0) {
      status.textContent = "Every flag is decided: approve the item or return it.";
      return;
    }
    select(n, "keys");
  }

  function decide(entry, decision) {
    var form = entry.querySelector("form.decide");
    if (!form) {
      status.textContent = "Decisions are closed: the item is " + document.getElementById("item-status").textContent + ".";
      return;
    }
    var index = flags.indexOf(entry);
    var body = new FormData(form);
    body.set("decision", decision);
    entry.querySelector(".flag-error").hidden = true;
    fetch(form.action, {
      method: "POST", body: body, credentials: "same-origin", headers: { Accept: "application/json" }
    }).then(function (response) {
      if (!response.ok) {
        return refusalOf(response).then(function (message) { showRefusal(entry, message); });
      }
      return response.json().then(function (answer) {
        showDecided(entry, answer.flag, answer.item_status);
        if (index === current) { moveOn(index); }
      });
    }).catch(function () {
      showRefusal(entry, "the desk could not be reached; check the connection and try again");
    });
  }

  function toggleHelp(open) {
    help.hidden = !open;
    helpButton.setAttribute("aria-expanded", String(open));
    if (open) { help.scrollIntoView({ block: "nearest" }); }
  }

  function showPeek(entry) {
    var body = peek.querySelector(".peek-body");
    body.textContent = "";
    [".flag-head", ".quote", ".flag-detail", ".rejected-before", ".decision"].forEach(function (part) {
      entry.querySelectorAll(part).forEach(function (source) {
        if (!source.textContent.trim()) { return; }
        var line = document.createElement("p");
        line.textContent = source.textContent.replace(/\s+/g, " ").trim();
        body.appendChild(line);
      });
    });
    peek.querySelector(".peek-link").href = "#" + entry.id;
    peek.hidden = false;
  }

  function hidePeek() { peek.hidden = true; }

  var keys = {
    j: next,
    k: previous,
    a: function () { if (current >= 0) { decide(flags[current], "accept"); } },
    r: function () { if (current >= 0) { decide(flags[current], "reject"); } },
    "?": function () { toggleHelp(help.hidden); },
    Escape: function () { toggleHelp(false); hidePeek(); }
  };

  document.addEventListener("keydown", function (event) {
    var typing = event.target.closest && event.target.closest("input, textarea, select, [contenteditable]");
    if (typing || event.ctrlKey || event.metaKey || event.altKey || !keys[event.key]) { return; }
    event.preventDefault();
    keys[event.key]();
  });

  // The buttons decide the same way as the keys: no reload, the page stays where it is.
  flags.forEach(function (entry) {
    var form = entry.querySelector("form.decide");
    if (!form) { return; }
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var button = event.submitter;
      decide(entry, button && button.value ? button.value : "accept");
    });
  });

  document.querySelectorAll("#article mark").forEach(function (mark) {
    mark.addEventListener("click", function () {
      var id = (mark.dataset.flags || "").split(" ")[0];
      if (id) { select(flags.findIndex(function (flag) { return flag.dataset.flag === id; }), "mark"); }
    });
  });
  helpButton.addEventListener("click", function () { toggleHelp(help.hidden); });
  peek.querySelector(".close").addEventListener("click", hidePeek);
  peek.querySelector(".peek-link").addEventListener("click", function () {
    hidePeek();
    if (current >= 0) { flags[current].scrollIntoView({ block: "center" }); }
  });

  keepNavHeight();
  window.addEventListener("resize", keepNavHeight);
  var wanted = location.hash.match(/^#flag-(\d+)$/);
  if (wanted) {
    select(flags.findIndex(function (flag) { return flag.dataset.flag === wanted[1]; }), "keys");
  }
})();
