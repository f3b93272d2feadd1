// The review timeline (templates/web/timeline.html): the marks in time order across the
// lanes; the chosen one shown in the preview; j/k move, r marks it reviewed, f says false
// alarm — the keys and the preview's buttons do the same, through the events API.

const STATE = { "1": "reviewed", "0": "not reviewed" };

export function reviewTimeline({ csrfToken }) {
  const marks = [...document.querySelectorAll("a.mark")]
    .sort((a, b) => a.dataset.order - b.dataset.order);
  const peek = document.getElementById("peek");
  if (!peek || !marks.length) return;
  const $ = (id) => document.getElementById(id);
  const said = $("said");
  let chosen = -1;

  function show(index) {
    chosen = index;
    const mark = marks[index], d = mark.dataset;
    for (const other of marks) other.classList.toggle("chosen", other === mark);
    const picture = $("peek-img");
    picture.hidden = !d.thumb;
    if (d.thumb) { picture.src = d.thumb; picture.alt = `${d.kind} at ${d.camera}, ${d.when}`; }
    $("peek-none").hidden = Boolean(d.thumb);
    if (!d.thumb) $("peek-none").textContent = "no picture";
    $("peek-level").className = `badge lvl-${d.level}`;
    $("peek-level").textContent = `${d.level} ${d.score}`;
    $("peek-camera").textContent = d.camera;
    $("peek-when").textContent = `${d.when} · ${d.kind}`;
    $("peek-summary").textContent = d.summary;
    $("peek-state").textContent = STATE[d.reviewed] + (d.falseAlarm === "1" ? " · false alarm" : "");
    $("peek-open").href = mark.href;
  }

  function move(step) {
    const next = chosen < 0 ? (step > 0 ? 0 : marks.length - 1) : chosen + step;
    if (next < 0 || next >= marks.length) { said.textContent = step > 0 ? "The last event of the day." : "The first event of the day."; return; }
    show(next);
    marks[next].focus();
  }

  async function send(url, method, body, done) {
    if (chosen < 0) { said.textContent = "Choose an event first (j)."; return; }
    const mark = marks[chosen];
    const response = await fetch(url(mark.dataset.event), {
      method, credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
      body: JSON.stringify(body),
    });
    if (!response.ok) {
      said.textContent = response.status === 403
        ? "You may look at events but not mark them: ask an admin."
        : `Not saved (HTTP ${response.status}); try again.`;
      $("peek-state").textContent = said.textContent;
      return;
    }
    mark.dataset.reviewed = "1";
    mark.classList.add("seen");
    mark.setAttribute("aria-label", mark.getAttribute("aria-label").replace(/( \(reviewed\))?$/, " (reviewed)"));
    said.textContent = done(mark);
    if (marks[chosen] === mark) show(chosen);
  }

  const review = () => send((id) => `/api/events/${id}/`, "PATCH", { reviewed: true },
    (mark) => `${mark.dataset.when} ${mark.dataset.camera}: marked reviewed.`);
  const falseAlarm = () => send((id) => `/api/events/${id}/feedback/`, "POST", { verdict: "false_alarm" },
    (mark) => { mark.dataset.falseAlarm = "1"; return `${mark.dataset.when} ${mark.dataset.camera}: false alarm noted.`; });
  const keys = { j: () => move(1), k: () => move(-1), r: review, f: falseAlarm };

  marks.forEach((mark, index) => {
    mark.addEventListener("focus", () => show(index));
    mark.addEventListener("mouseenter", () => show(index));
  });
  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return;
    if (event.target.closest("input, select, textarea, [contenteditable]")) return;
    const act = keys[event.key];
    if (act) { event.preventDefault(); act(); }
  });
  for (const button of peek.querySelectorAll("button[data-key]")) {
    button.addEventListener("click", () => keys[button.dataset.key]());
  }
}
