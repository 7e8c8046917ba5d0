// An editor's own flag: pick words in the article, then a flag type and why.
// Three ways to pick: select with the mouse (or press and hold on a phone); or "Pick words"
// (key f), where a tap takes a word and a second tap extends to another, and the keys move a
// caret word by word (arrows; Shift+arrows take more; Home/End; Enter flags; Esc stops), with
// the words outlined and read out through a live region. Offsets sent to the server are into
// the article as submitted: the page's text counts in UTF-16 units and has lost every CR before
// an LF (data-crlf lists where), so both are counted back in; the server checks them anyway.
(function () {
  "use strict";
  var article = document.getElementById("article");
  var form = document.getElementById("own-flag-form");
  if (!article || !form) { return; }
  var modeButton = document.getElementById("word-mode");
  var live = document.getElementById("own-flag-live");
  var shown = document.getElementById("own-flag-words");
  var text = article.textContent;
  var crlf = (article.dataset.crlf || "").split(" ").filter(Boolean).map(Number);
  var words = wordsOf(text);
  var wordMode = false;
  var anchor = -1;
  var caret = -1;
  var picked = null;
  var extending = false;  // the next tap extends the words picked by the one before

  function wordsOf(value) {
    var found = [];
    var pattern = /[\p{L}\p{N}]+(?:['’.,\-][\p{L}\p{N}]+)*/gu;
    var match;
    while ((match = pattern.exec(value)) !== null) {
      found.push({ start: match.index, end: match.index + match[0].length });
    }
    return found;
  }

  // Page offsets (UTF-16, CRs before LFs gone) to offsets into the submitted text.
  function submittedOffset(pageOffset) {
    var points = Array.from(text.slice(0, pageOffset)).length;
    var dropped = 0;
    while (dropped < crlf.length && crlf[dropped] - dropped < points) { dropped += 1; }
    return points + dropped;
  }

  function offsetIn(node, offset) {
    var range = document.createRange();
    range.setStart(article, 0);
    range.setEnd(node, offset);
    return range.toString().length;
  }

  function pointAt(pageOffset) {
    var walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT);
    var seen = 0;
    var node;
    while ((node = walker.nextNode()) !== null) {
      if (seen + node.length >= pageOffset) { return { node: node, offset: pageOffset - seen }; }
      seen += node.length;
    }
    return { node: article, offset: article.childNodes.length };
  }

  function rangeOf(start, end) {
    var range = document.createRange();
    var from = pointAt(start);
    var to = pointAt(end);
    range.setStart(from.node, from.offset);
    range.setEnd(to.node, to.offset);
    return range;
  }

  // The part of the document's selection inside the article, as page offsets; null if none.
  function selectedInArticle() {
    var selection = window.getSelection();
    if (!selection || selection.isCollapsed || !selection.rangeCount) { return null; }
    var range = selection.getRangeAt(0);
    if (!range.intersectsNode(article)) { return null; }
    var start = article.contains(range.startContainer) ? offsetIn(range.startContainer, range.startOffset) : 0;
    var end = article.contains(range.endContainer) ? offsetIn(range.endContainer, range.endOffset) : text.length;
    var words = text.slice(start, end);
    if (!words.trim()) { return null; }
    start += words.length - words.replace(/^\s+/, "").length;
    end -= words.length - words.replace(/\s+$/, "").length;
    return { start: start, end: end };
  }

  function pick(span) {
    picked = span;
    document.getElementById("own-flag-start").value = submittedOffset(span.start);
    document.getElementById("own-flag-end").value = submittedOffset(span.end);
    shown.textContent = text.slice(span.start, span.end);
    if (window.CSS && CSS.highlights && window.Highlight) {  // stays marked when focus moves on
      CSS.highlights.set("own-flag-pick", new Highlight(rangeOf(span.start, span.end)));
    }
    form.hidden = false;
    document.body.classList.add("own-flag-open");
  }

  function cancel() {
    picked = null;
    form.hidden = true;
    document.body.classList.remove("own-flag-open");
    if (wordMode) { article.focus(); }
  }

  function showCaret() {
    var first = Math.min(anchor, caret);
    var last = Math.max(anchor, caret);
    var span = { start: words[first].start, end: words[last].end };
    pick(span);
    if (window.CSS && CSS.highlights && window.Highlight) {
      CSS.highlights.set("own-flag-caret", new Highlight(rangeOf(words[caret].start, words[caret].end)));
    }
    var count = last - first + 1;
    live.textContent = "“" + text.slice(words[caret].start, words[caret].end) + "”. Picked " +
      count + (count === 1 ? " word" : " words") + ": “" + shown.textContent + "”. Enter to flag them.";
  }

  function clearCaret() {
    if (window.CSS && CSS.highlights) {
      CSS.highlights.delete("own-flag-pick");
      CSS.highlights.delete("own-flag-caret");
    }
  }

  function setWordMode(on) {
    wordMode = on && words.length > 0;
    modeButton.setAttribute("aria-pressed", String(wordMode));
    article.classList.toggle("word-mode", wordMode);
    if (wordMode) {
      article.setAttribute("tabindex", "0");
      article.setAttribute("role", "application");
      article.setAttribute("aria-label", "Article: pick words to flag");
      article.focus({ preventScroll: true });
      var first = picked ? wordAt(picked.start) : 0;
      anchor = caret = first;
      showCaret();
    } else {
      article.removeAttribute("tabindex");
      article.removeAttribute("role");
      article.removeAttribute("aria-label");
      clearCaret();
      live.textContent = "Stopped picking words.";
    }
  }

  function wordAt(pageOffset) {
    for (var n = 0; n < words.length; n += 1) {
      if (words[n].end > pageOffset) { return n; }
    }
    return words.length - 1;
  }

  function move(to, extend) {
    extending = false;
    caret = Math.max(0, Math.min(words.length - 1, to));
    if (!extend) { anchor = caret; }
    bringIntoView(words[caret].start);
    showCaret();
  }

  // Scroll whatever holds the article (its own pane beside the list, or the page) so the caret
  // word is clear of the bar at the top and of the panel at the foot: a marker put at the word
  // for a moment lets the browser work out every scroller on the way.
  function bringIntoView(pageOffset) {
    var at = pointAt(pageOffset);
    var marker = document.createElement("span");
    var nav = document.getElementById("item-nav");
    marker.style.scrollMarginTop = ((nav ? nav.offsetHeight : 0) + 8) + "px";
    marker.style.scrollMarginBottom = ((form.hidden ? 0 : form.offsetHeight) + 24) + "px";
    var range = document.createRange();
    range.setStart(at.node, at.offset);
    range.insertNode(marker);
    marker.scrollIntoView({ block: "nearest" });
    marker.remove();
    article.normalize();
  }

  var wordKeys = {
    ArrowRight: function (event) { move(caret + 1, event.shiftKey); },
    ArrowLeft: function (event) { move(caret - 1, event.shiftKey); },
    ArrowDown: function (event) { move(caret + 10, event.shiftKey); },
    ArrowUp: function (event) { move(caret - 10, event.shiftKey); },
    Home: function (event) { move(0, event.shiftKey); },
    End: function (event) { move(words.length - 1, event.shiftKey); },
    Enter: function () { document.getElementById("own-flag-type").focus(); },
    Escape: function () { setWordMode(false); modeButton.focus(); }
  };

  article.addEventListener("keydown", function (event) {
    if (!wordMode || event.ctrlKey || event.metaKey || event.altKey || event.key === "Tab") { return; }
    event.stopPropagation();  // the item page's own keys (j, k, a, r) wait outside this mode
    if (wordKeys[event.key]) {
      event.preventDefault();
      wordKeys[event.key](event);
    }
  });

  // In word mode a tap (or click) takes a word, a second one extends to another; the
  // highlight under it is not opened.
  article.addEventListener("click", function (event) {
    if (!wordMode) { return; }
    event.stopPropagation();
    event.preventDefault();
    var spot = document.caretRangeFromPoint ? document.caretRangeFromPoint(event.clientX, event.clientY) : null;
    if (!spot || !article.contains(spot.startContainer)) { return; }
    caret = wordAt(offsetIn(spot.startContainer, spot.startOffset));
    if (!extending) { anchor = caret; }
    extending = !extending;
    showCaret();
    window.getSelection().removeAllRanges();
  }, true);

  document.addEventListener("selectionchange", function () {
    if (wordMode) { return; }
    var span = selectedInArticle();
    if (span) { pick(span); }
  });

  modeButton.addEventListener("click", function () { setWordMode(!wordMode); });
  document.getElementById("own-flag-cancel").addEventListener("click", function () {
    cancel();
    clearCaret();
    anchor = caret = -1;
  });
  document.addEventListener("keydown", function (event) {
    var typing = event.target.closest && event.target.closest("input, textarea, select, [contenteditable]");
    if (typing || wordMode || event.ctrlKey || event.metaKey || event.altKey || event.key !== "f") { return; }
    event.preventDefault();
    setWordMode(true);
  });
  form.addEventListener("submit", function (event) {
    if (!picked) { event.preventDefault(); live.textContent = "Pick the words to flag first."; }
  });
})();
