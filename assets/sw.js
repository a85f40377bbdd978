// easytrack's service worker: the app shell offline, reminders as notifications, "Done" from a notification.
//
// Registered as /sw.js?v=<build> (see assets/pwa.jsx): a new deployment has a new <build>, so the browser
// installs a new worker with a new cache; it waits until the page asks it to take over ("reload to
// update"), then deletes the old caches. Nothing here touches user data: the pages' HTML and scripts are
// the same for everyone (the data comes over the websocket; the offline copy lives in IndexedDB).
const VERSION = new URL(self.location.href).searchParams.get("v") || "dev";
const PREFIX = "easytrack-shell-";
const SHELL = PREFIX + VERSION;
// The pages as the server names them (with the trailing slash it redirects to); stored without it.
const PAGES = ["/", "/grid/", "/habits/", "/settings/", "/settings/reminders/", "/login/"];
const FALLBACK = "/__spa-fallback.html"; // any other route (a habit's page): the client router draws it
const STATIC = ["/manifest.webmanifest", "/favicon.ico", "/icons/icon-192.png", "/easytrack.css",
  "/ticks.css"];
// Never cached: the live connection, the API, health checks, uploads.
const LIVE = /^\/(_event|api\/|ping|_health|health|_upload|sw\.js)/;
const NAV_TIMEOUT_MS = 4000;
// The subscription this browser registered, and the server key it used: a cache of its own (not a shell
// cache, so a new deployment keeps it), read when the browser rotates the subscription.
const PUSH_STORE = "easytrack-push";
const PUSH_KEY = "/__push-subscription";
const RENEW_URL = "/api/v1/push-subscriptions/renew";
const ASSET_RE = /(?:src|href)="(\/assets\/[^"?#]+)"/g;

/** Cache these same-origin URLs, each on its own (a missing one is skipped). */
const keep = (cache, urls) => Promise.all(urls.map((u) => cache.match(u).then((hit) => hit
  || fetch(u).then((r) => (r.ok ? cache.put(u, r) : null))).catch(() => null)));

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(SHELL);
    await cache.addAll([...STATIC, FALLBACK]);
    // Pages one by one (one that fails must not stop the others), then the scripts and styles they name.
    const found = new Set();
    await Promise.all(PAGES.map(async (p) => {
      try {
        const r = await fetch(p, { credentials: "same-origin" });
        if (!r.ok || r.redirected) return;
        for (const m of (await r.clone().text()).matchAll(ASSET_RE)) found.add(m[1]);
        await cache.put(pageKey(new URL(p, self.location.origin)), r);
      } catch (e) { /* offline while installing: the next visit fills it */ }
    }));
    await keep(cache, [...found]);
    const first = !(await self.registration.active);
    if (first) await self.skipWaiting(); // nothing to replace yet: take over at once
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith(PREFIX) && name !== SHELL) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

self.addEventListener("message", (event) => {
  const data = event.data || {};
  if (data.type === "skip-waiting") self.skipWaiting();
  // The page subscribed this browser (or found it subscribed): kept for pushsubscriptionchange.
  if (data.type === "push-subscribed" && data.subscription && typeof data.subscription.endpoint === "string") {
    event.waitUntil(rememberSubscription(data.subscription, typeof data.key === "string" ? data.key : ""));
  }
  if (data.type === "push-unsubscribed") event.waitUntil(caches.delete(PUSH_STORE));
  // The page names the build files it loaded before this worker controlled it.
  if (data.type === "keep" && Array.isArray(data.urls)) {
    const urls = data.urls.filter((u) => typeof u === "string" && u.startsWith("/assets/")).slice(0, 500);
    event.waitUntil(caches.open(SHELL).then((cache) => keep(cache, urls)));
  }
});

const withTimeout = (promise, ms) => new Promise((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error("timeout")), ms);
  promise.then((v) => { clearTimeout(timer); resolve(v); }, (e) => { clearTimeout(timer); reject(e); });
});

const pageKey = (url) => url.pathname.replace(/\/+$/, "") || "/";

async function navigate(request) {
  const cache = await caches.open(SHELL);
  const key = pageKey(new URL(request.url));
  try {
    const response = await withTimeout(fetch(request), NAV_TIMEOUT_MS);
    if (response.ok && !response.redirected) cache.put(key, response.clone());
    return response;
  } catch (e) {
    // Offline (or a very slow network): the page as last seen, else the home page (the client router
    // shows the right route from it).
    const opts = { ignoreVary: true };
  return (await cache.match(key, opts)) || (await cache.match(FALLBACK, opts)) || (await cache.match("/", opts))
      || Response.error();
  }
}

async function asset(request) {
  const cache = await caches.open(SHELL);
  const hit = await cache.match(request, { ignoreVary: true }); // the server varies on Origin; a file is a file
  if (hit) return hit; // build files have hashed names: a cached one never changes
  const response = await fetch(request);
  if (response.ok && response.type === "basic") cache.put(request, response.clone());
  return response;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin || LIVE.test(url.pathname)) return;
  if (request.mode === "navigate") event.respondWith(navigate(request));
  else event.respondWith(asset(request));
});

// --- notifications ------------------------------------------------------------------------------------

self.addEventListener("push", (event) => {
  let data = {};
  try {
    data = event.data ? event.data.json() : {};
  } catch (e) {
    data = { title: "easytrack", body: event.data ? event.data.text() : "" };
  }
  const options = {
    body: data.body || "",
    tag: data.tag || "easytrack",
    icon: "/icons/icon-192.png",
    badge: "/icons/icon-192.png",
    data: { url: data.url || "/", action: data.action || "" },
    // The server titles the button in the account's language (`done`); "Done" only for an older server's push.
    actions: data.action ? [{ action: "done", title: typeof data.done === "string" && data.done ? data.done : "Done" }] : [],
  };
  event.waitUntil(self.registration.showNotification(data.title || "easytrack", options));
});

async function tick(token) {
  const response = await fetch("/api/v1/push/done", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ token }),
  });
  if (!response.ok) throw new Error("tick refused: " + response.status);
}

async function open(path) {
  const target = new URL(path, self.location.origin).href;
  const windows = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
  for (const client of windows) {
    if (new URL(client.url).origin === self.location.origin && "focus" in client) {
      await client.focus();
      return client.navigate ? client.navigate(target) : client;
    }
  }
  return self.clients.openWindow(target);
}

self.addEventListener("notificationclick", (event) => {
  const note = event.notification;
  const data = note.data || {};
  note.close();
  if (event.action === "done" && data.action) {
    event.waitUntil(tick(data.action).catch(() => open(data.url)));
  } else {
    event.waitUntil(open(data.url || "/"));
  }
});

// --- a rotated subscription ---------------------------------------------------------------------------
//
// The browser may replace its subscription (the push service expired or rotated it) and fire
// `pushsubscriptionchange`, often with no page open. The worker has no login: it proves itself with the old
// subscription's endpoint and keys (only this browser and the server know them), re-subscribes with the same
// applicationServerKey when the browser did not already, and the server swaps the old row for the new one.

async function rememberSubscription(subscription, key) {
  const cache = await caches.open(PUSH_STORE);
  await cache.put(PUSH_KEY, new Response(JSON.stringify({ subscription, key })));
}

async function remembered() {
  const hit = await (await caches.open(PUSH_STORE)).match(PUSH_KEY);
  return hit ? hit.json() : null;
}

const keyBytes = (base64url) => {
  const pad = "=".repeat((4 - (base64url.length % 4)) % 4);
  const raw = atob((base64url + pad).replace(/-/g, "+").replace(/_/g, "/"));
  return Uint8Array.from(raw, (c) => c.charCodeAt(0));
};

const keyText = (buffer) => btoa(String.fromCharCode(...new Uint8Array(buffer)))
  .replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");

/** Send the browser's new subscription to the server in place of the old one; returns the server's answer. */
async function renewSubscription(oldSubscription, newSubscription) {
  const kept = (await remembered()) || {};
  const old = oldSubscription ? oldSubscription.toJSON() : kept.subscription;
  if (!old || !old.endpoint || !old.keys) return null; // never subscribed from here: nothing to move
  const serverKey = (oldSubscription && oldSubscription.options && oldSubscription.options.applicationServerKey)
    || (kept.key ? keyBytes(kept.key) : null);
  let fresh = newSubscription;
  if (!fresh) {
    if (!serverKey) return null;
    fresh = await self.registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: serverKey });
  }
  const response = await fetch(RENEW_URL, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ old: { endpoint: old.endpoint, keys: old.keys }, new: fresh.toJSON() }),
  });
  if (response.ok) {
    const key = kept.key || (serverKey instanceof ArrayBuffer ? keyText(serverKey) : "");
    await rememberSubscription(fresh.toJSON(), key);
  }
  return response.status;
}

self.addEventListener("pushsubscriptionchange", (event) => {
  event.waitUntil(renewSubscription(event.oldSubscription, event.newSubscription).catch(() => null));
});
