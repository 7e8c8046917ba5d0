// The item page while its analysis runs: poll the item's progress, mark the steps reached,
// and reload the page once the analysis is done or failed (the result is rendered server-side).
(function () {
  "use strict";
  var box = document.getElementById("analysis-progress");
  if (!box) { return; }
  var order = ["queued", "reading", "evidence_done", "model_done", "done"];
  var label = document.getElementById("analysis-state");
  var line = document.getElementById("analysis-line");

  function show(state) {
    var reached = order.indexOf(state);
    box.dataset.state = state;
    label.textContent = state.replace("_", " ");
    if (line) { line.textContent = state; }
    box.querySelectorAll("li[data-step]").forEach(function (step) {
      step.classList.toggle("reached", order.indexOf(step.dataset.step) <= reached);
    });
  }

  function poll() {
    fetch(box.dataset.progressUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (progress) {
        if (progress === null) { setTimeout(poll, 5000); return; }
        show(progress.analysis_state);
        if (progress.finished) { window.location.reload(); return; }
        setTimeout(poll, 1000);
      })
      .catch(function () { setTimeout(poll, 5000); });
  }

  show(box.dataset.state);
  setTimeout(poll, 500);
})();
