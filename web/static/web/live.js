// homesec's live connection and small charts: no framework, no build step.
//
// live("/ws/events/", {since, onMessage, onState, onResync}) keeps a WebSocket open,
// reconnecting with backoff. Every message the server sends is numbered ("seq"); on
// each (re)connect the client asks for everything after the last number it holds
// without a gap, and drops what it has already seen, so each message is handled once.
// When the server closes it because the session ended (signed out in another tab, say),
// it does not reconnect: onSignedOut runs (by default a reload, which shows the login page).

const SIGNED_OUT = 4401; // the server's close code: the session or token ended

export function live(path, { since = 0, onMessage, onState = () => {}, onResync = () => location.reload(),
                             onSignedOut = () => location.reload() }) {
  const seen = new Set();
  let upTo = since; // every message numbered <= upTo has been handled
  let delay = 500;
  let socket;

  function handle(message) {
    if (message.type === "resync") return onResync();
    if (message.type === "error") return console.warn("homesec:", message.data.message);
    if (typeof message.seq === "number") {
      if (message.seq <= upTo || seen.has(message.seq)) return; // already handled
      seen.add(message.seq);
      while (seen.has(upTo + 1)) seen.delete(++upTo);
    }
    onMessage(message);
  }

  function open() {
    const scheme = location.protocol === "https:" ? "wss" : "ws";
    socket = new WebSocket(`${scheme}://${location.host}${path}`);
    socket.onopen = () => {
      delay = 500;
      onState("live");
      socket.send(JSON.stringify({ type: "resume", since: upTo }));
    };
    socket.onmessage = (e) => handle(JSON.parse(e.data));
    socket.onclose = (e) => {
      if (e.code === SIGNED_OUT) {
        onState("closed");
        return onSignedOut();
      }
      onState("reconnecting");
      setTimeout(open, delay);
      delay = Math.min(delay * 2, 10000);
    };
  }
  open();
  return { close: () => { socket.onclose = null; socket.close(); onState("closed"); }, socket: () => socket };
}

// The state as a mark and a word; on a phone only the mark shows (the word is still read
// out), so a socket that comes and goes never changes the header's size (app.css).
export function connectionIndicator(element) {
  return (state) => {
    element.dataset.state = state;
    const word = { live: "live", reconnecting: "reconnecting…", closed: "offline" }[state];
    element.replaceChildren(
      Object.assign(document.createElement("span"), { textContent: state === "live" ? "● " : "○ " }),
      Object.assign(document.createElement("span"), { className: "conn-word", textContent: word }),
    );
    element.title = `Live updates: ${word}`;
  };
}

const SVG = "http://www.w3.org/2000/svg";
function el(name, attrs = {}, text) {
  const node = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
}

// Stacked bars: rows = [{label, values: {low: n, medium: n, ...}}], keys in stacking order.
// Charts are drawn at the width they are shown at (one unit a pixel), so their labels stay
// 12 px tall on a phone, and as many bar labels are written as fit.
function widthOf(svg) {
  return Math.max(240, Math.round(svg.getBoundingClientRect().width) || 600);
}

export function stackedBars(svg, rows, keys) {
  svg.replaceChildren();
  const W = widthOf(svg), H = 160, pad = 24, bw = (W - pad) / Math.max(rows.length, 1);
  const every = Math.max(1, Math.ceil(44 / bw));
  const max = Math.max(1, ...rows.map((r) => keys.reduce((s, k) => s + (r.values[k] || 0), 0)));
  svg.setAttribute("viewBox", `0 0 ${W} ${H + pad}`);
  rows.forEach((row, i) => {
    let y = H;
    for (const key of keys) {
      const h = ((row.values[key] || 0) / max) * (H - 10);
      if (h > 0) {
        y -= h;
        const bar = el("rect", { x: pad + i * bw + 1, y, width: Math.max(bw - 2, 1), height: h, class: `lvl-${key}` });
        bar.append(el("title", {}, `${row.label}: ${row.values[key]} ${key}`));
        svg.append(bar);
      }
    }
    if (i % every === 0) svg.append(el("text", { x: pad + i * bw, y: H + 14, class: "axis" }, row.label));
  });
  svg.append(el("text", { x: 0, y: 10, class: "axis" }, String(max)));
}

// A line over time: points = [[Date|string, number], ...], y from 0 to yMax.
export function lineChart(svg, points, { yMax = 100, unit = "" } = {}) {
  svg.replaceChildren();
  const W = widthOf(svg), H = 140;
  svg.setAttribute("viewBox", `0 0 ${W} ${H + 16}`);
  if (!points.length) {
    svg.append(el("text", { x: 10, y: H / 2, class: "axis" }, "no readings yet"));
    return;
  }
  const t = points.map(([at]) => new Date(at).getTime());
  const t0 = Math.min(...t), t1 = Math.max(...t, t0 + 1);
  const xy = points.map(([, v], i) => `${((t[i] - t0) / (t1 - t0)) * W},${H - (Math.min(v, yMax) / yMax) * H}`);
  svg.append(el("polyline", { points: xy.join(" "), class: "line" }));
  svg.append(el("text", { x: 0, y: 10, class: "axis" }, `${yMax}${unit}`));
  svg.append(el("text", { x: 0, y: H + 14, class: "axis" }, new Date(t0).toLocaleTimeString()));
  svg.append(el("text", { x: W, y: H + 14, class: "axis", "text-anchor": "end" }, new Date(t1).toLocaleTimeString()));
}

// Browser notifications for alerts, when the user allowed them.
export function notify(alert) {
  if (!("Notification" in window) || Notification.permission !== "granted") return;
  const title = `${alert.risk_level.toUpperCase()}: ${alert.camera_name}`;
  const n = new Notification(title, { body: alert.summary, tag: `alert-${alert.alert_id}`, icon: alert.thumbnail_url || undefined });
  n.onclick = () => { window.focus(); location.href = `/events/${alert.event_id}/`; };
}

export function csrfToken() {
  return document.querySelector("meta[name=csrf-token]").content;
}

// Web Push: register the service worker and subscribe this browser (needs https or localhost).
export async function subscribePush() {
  const registration = await navigator.serviceWorker.register("/sw.js");
  const { public_key } = await (await fetch("/api/push-key/")).json();
  const raw = atob(public_key.replace(/-/g, "+").replace(/_/g, "/"));
  const subscription = await registration.pushManager.subscribe({
    userVisibleOnly: true,
    applicationServerKey: Uint8Array.from(raw, (c) => c.charCodeAt(0)),
  });
  const response = await fetch("/api/push-subscriptions/", {
    method: "POST", credentials: "same-origin",
    headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
    body: JSON.stringify(subscription.toJSON()),
  });
  if (!response.ok) throw new Error(`the server refused the subscription (HTTP ${response.status})`);
}
