// A page's uncaught errors go to the server's log (/api/logs/frontend/, rate-limited there),
// at most 5 a page, so an operator sees what broke in someone's browser.
let sent = 0;
function report(message, extra = {}) {
  if (sent++ >= 5) return;
  const token = document.querySelector("meta[name=csrf-token]")?.content || "";
  const body = JSON.stringify({ level: "ERROR", message: String(message).slice(0, 2000), url: location.pathname, ...extra });
  fetch("/api/logs/frontend/", { method: "POST", credentials: "same-origin", keepalive: true,
    headers: { "Content-Type": "application/json", "X-CSRFToken": token }, body }).catch(() => {});
}
window.addEventListener("error", (e) => report(e.message || "error",
  { line: e.lineno || 0, column: e.colno || 0, stack: String(e.error?.stack || "").slice(0, 8000) }));
window.addEventListener("unhandledrejection", (e) =>
  report(`unhandled rejection: ${e.reason?.message || e.reason}`, { stack: String(e.reason?.stack || "").slice(0, 8000) }));
