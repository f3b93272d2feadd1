// homesec's service worker: shows Web Push alerts when no homesec page is open — the
// event's picture, its level and summary, and its answers (Looks fine, Snooze), which it
// sends itself through the alert's single-use links; a click elsewhere opens the event.
// An update of an alert (an incident's later camera too) has its tag: it replaces it.
self.addEventListener("push", (event) => {
  const alert = event.data ? event.data.json() : {};
  const title = `${(alert.risk_level || "alert").toUpperCase()}: ${alert.camera_name || "homesec"}`;
  const answers = (alert.actions || []).filter((a) => a.action !== "open");  // the body opens
  const room = self.Notification?.maxActions ?? 2;
  event.waitUntil(self.registration.showNotification(title, {
    body: alert.summary || "",
    tag: alert.tag || `alert-${alert.alert_id}`,
    renotify: Boolean(alert.tag),
    image: alert.image || undefined,
    icon: alert.image || undefined,
    actions: answers.slice(0, room).map(({ action, title }) => ({ action, title })),
    data: { url: alert.url || "/", answers: Object.fromEntries(answers.map((a) => [a.action, a.url])) },
  }));
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const { url, answers = {} } = event.notification.data;
  const link = event.action && answers[event.action];
  event.waitUntil(link ? answer(link, event.notification) : self.clients.openWindow(url));
});

// Send the answer and say what came of it, in place of the alert.
async function answer(link, notification) {
  let said;
  try {
    // to this worker's own site (HOMESEC_PUBLIC_URL may name it otherwise): no CORS in the way
    const here = new URL(link).pathname;
    const response = await fetch(here, { method: "POST", credentials: "omit", headers: { Accept: "application/json" } });
    const reply = await response.json();
    said = reply.done || reply.error;
  } catch {
    said = "Not sent: homesec could not be reached. Open it to answer.";
  }
  await self.registration.showNotification(notification.title, {
    body: said, tag: notification.tag, data: { url: notification.data.url },
  });
}
