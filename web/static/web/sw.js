// homesec's service worker: shows Web Push alerts when no homesec page is open.
self.addEventListener("push", (event) => {
  const alert = event.data ? event.data.json() : {};
  const title = `${(alert.risk_level || "alert").toUpperCase()}: ${alert.camera_name || "homesec"}`;
  event.waitUntil(self.registration.showNotification(title, {
    body: alert.summary || "",
    tag: `alert-${alert.alert_id}`,
    data: { url: alert.url || "/" },
  }));
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  event.waitUntil(self.clients.openWindow(event.notification.data.url));
});
