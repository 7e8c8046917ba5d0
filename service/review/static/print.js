// The report page's Print button: the browser's own print dialog (the page's print styles
// leave the report alone on paper).
document.getElementById("print")?.addEventListener("click", () => window.print());
