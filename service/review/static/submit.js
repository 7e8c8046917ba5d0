// The submit form, checked in the page before it is sent: an article over the limit is refused
// here, with every field as the editor left it. The server refuses the same article with the
// same sentence; this matters for a paste so large that the server refuses the request before
// reading it, when nothing typed could come back.
(function () {
  "use strict";
  var form = document.getElementById("submit-form");
  var text = document.getElementById("text");
  var problem = document.getElementById("form-error");
  if (!form || !text || !problem) { return; }
  var max = Number(text.dataset.maxChars);

  function grouped(n) { return n.toLocaleString("en-US"); }

  form.addEventListener("submit", function (event) {
    // Characters as the server counts them: code points, a line break as one (a textarea's
    // value has LF line breaks; the CRLF the browser sends is counted as LF there too).
    var count = Array.from(text.value).length;
    if (count <= max) { return; }
    event.preventDefault();
    problem.textContent = "The article has " + grouped(count) + " characters; the desk takes " +
      "at most " + grouped(max) + ". Shorten it, or split it into parts and submit each part.";
    problem.hidden = false;
    text.focus();
  });
})();
