// Nothing typed is lost when a desk session ends. Every field marked data-keep (the summary,
// notes on flags, claims and returns, an editor's own flag's note, a comment) is copied to this
// browser's localStorage as it is typed, under the item's id. A post made after the session
// ended goes to the log-in, which comes back to the item; the page then puts the text back and
// says so. A draft is forgotten once it is saved: when the page comes back showing the same
// text (data-saved-in names where a saved note shows up), when the item's script reports a
// save ("desk:saved"), when its field is gone (the item moved on), or after a week.
(function () {
  "use strict";
  var root = document.querySelector("[data-drafts]");
  if (!root) { return; }
  var key = "deskcheck.drafts." + root.dataset.drafts;
  var WEEK_MS = 7 * 24 * 3600 * 1000;
  var fields = Array.prototype.slice.call(document.querySelectorAll("[data-keep]"));

  function read() {
    try { return JSON.parse(localStorage.getItem(key) || "{}") || {}; } catch (e) { return {}; }
  }

  function write(drafts) {
    try {
      if (Object.keys(drafts).length) { localStorage.setItem(key, JSON.stringify(drafts)); }
      else { localStorage.removeItem(key); }
    } catch (e) { /* storage full or refused: the page still works, it only cannot keep */ }
  }

  function shownAsSaved(field, value) {
    if (value.trim() === field.defaultValue.trim()) { return true; }
    var where = field.dataset.savedIn;
    if (!where) { return false; }
    return Array.prototype.some.call(document.querySelectorAll(where), function (place) {
      return place.textContent.trim() === value.trim();
    });
  }

  function keep(field) {
    var drafts = read();
    if (shownAsSaved(field, field.value)) { delete drafts[field.dataset.keep]; }
    else { drafts[field.dataset.keep] = { value: field.value, at: Date.now() }; }
    write(drafts);
  }

  function forget(names) {
    var drafts = read();
    names.forEach(function (name) { delete drafts[name]; });
    write(drafts);
  }

  function label(field) {
    return field.getAttribute("aria-label") || field.dataset.keep.replace(/-/g, " ");
  }

  function announce(restored) {
    var notice = document.createElement("div");
    notice.id = "drafts-restored";
    notice.className = "notice";
    notice.setAttribute("role", "status");
    notice.textContent = "Put back what you typed before your session ended (not saved yet): " +
      restored.map(label).join(", ") + ". ";
    var discard = document.createElement("button");
    discard.type = "button";
    discard.textContent = "Discard it";
    discard.addEventListener("click", function () {
      restored.forEach(function (field) { field.value = field.defaultValue; });
      forget(restored.map(function (field) { return field.dataset.keep; }));
      notice.remove();
    });
    notice.appendChild(discard);
    root.insertAdjacentElement("afterend", notice);
  }

  function restore() {
    var drafts = read();
    var byName = {};
    fields.forEach(function (field) { byName[field.dataset.keep] = field; });
    var restored = [];
    Object.keys(drafts).forEach(function (name) {
      var draft = drafts[name];
      var field = byName[name];
      if (!field || !draft || Date.now() - draft.at > WEEK_MS || shownAsSaved(field, draft.value)) {
        delete drafts[name];
        return;
      }
      field.value = draft.value;
      restored.push(field);
    });
    write(drafts);
    if (restored.length) { announce(restored); }
  }

  restore();
  fields.forEach(function (field) {
    field.addEventListener("input", function () { keep(field); });
    if (field.form) { field.form.addEventListener("submit", function () { keep(field); }); }
  });
  document.addEventListener("desk:saved", function (event) {
    var saved = event.target.querySelectorAll ? event.target.querySelectorAll("[data-keep]") : [];
    forget(Array.prototype.map.call(saved, function (field) { return field.dataset.keep; }));
  });
})();
