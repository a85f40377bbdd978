// Settings → Reminders: turn push notifications on or off for this browser.
//
// Subscribes through the service worker with the server's VAPID key and hands the subscription to
// `onSubscribe(subscription JSON, device label)`; every failure (unsupported, permission denied, iOS
// outside the Home Screen app, no push service) reaches `onError(message)` in words a person can act on.
import { useCallback, useEffect, useState } from "react";
import { tr } from "$/public/i18n.js";

const keyBytes = (base64url) => {
  const pad = "=".repeat((4 - (base64url.length % 4)) % 4);
  const raw = atob((base64url + pad).replace(/-/g, "+").replace(/_/g, "/"));
  return Uint8Array.from(raw, (c) => c.charCodeAt(0));
};

// The device's name in the list of devices, in the reader's language ("Chrome on Android").
const deviceLabel = (lang) => {
  const ua = navigator.userAgent || "";
  const os = /iPhone|iPad/.test(ua) ? "iPhone/iPad" : /Android/.test(ua) ? "Android" : /Mac OS X/.test(ua)
    ? "Mac" : /Windows/.test(ua) ? "Windows" : /Linux/.test(ua) ? "Linux" : "";
  const browser = /Edg\//.test(ua) ? "Edge" : /Firefox\//.test(ua) ? "Firefox" : /Chrome\//.test(ua)
    ? "Chrome" : /Safari\//.test(ua) ? "Safari" : "";
  if (browser && os) return tr(lang, "{browser} on {os}", { browser, os });
  return browser || os || tr(lang, "Browser");
};

const isIos = () => /iPhone|iPad/.test(navigator.userAgent || "");
const standalone = () => window.matchMedia("(display-mode: standalone)").matches || navigator.standalone === true;

/** Why push cannot work here, or "" when it can. */
const unsupported = (lang) => {
  if (isIos() && !standalone()) {
    return tr(lang, "On iPhone and iPad, add easytrack to the Home Screen first (Share → Add to Home Screen), then open it from there and turn notifications on.");
  }
  if (!("serviceWorker" in navigator) || !("PushManager" in window) || !("Notification" in window)) {
    return tr(lang, "This browser cannot show push notifications.");
  }
  return "";
};

/** Tell the service worker which subscription this browser has, so it can renew it when it rotates. */
const tellWorker = (reg, subscription, key) => {
  const worker = reg && (reg.active || navigator.serviceWorker.controller);
  if (!worker) return;
  worker.postMessage(subscription ? { type: "push-subscribed", subscription: subscription.toJSON(), key }
    : { type: "push-unsubscribed" });
};

export function PushSetup({ publicKey, onSubscribe, onUnsubscribe, onError, lang }) {
  const [sub, setSub] = useState(null);
  const [busy, setBusy] = useState(false);
  const why = typeof window === "undefined" ? "" : unsupported(lang);

  useEffect(() => {
    if (why) return;
    navigator.serviceWorker.ready.then(async (reg) => {
      const found = await reg.pushManager.getSubscription();
      setSub(found);
      if (found && publicKey) tellWorker(reg, found, publicKey);
    }).catch(() => {});
  }, [why, publicKey]);

  const turnOn = useCallback(async () => {
    setBusy(true);
    try {
      const permission = await Notification.requestPermission();
      if (permission !== "granted") {
        onError(tr(lang, "Notifications are blocked for this site: allow them in the browser's site settings, then try again."));
        return;
      }
      const reg = await navigator.serviceWorker.ready;
      const made = await reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(publicKey) });
      setSub(made);
      tellWorker(reg, made, publicKey);
      onSubscribe(made.toJSON(), deviceLabel(lang));
    } catch (e) {
      onError(tr(lang, "This browser could not subscribe to push notifications ({error}). Check that it can reach its push service, then try again.", { error: e && e.name ? e.name : "error" }));
    } finally {
      setBusy(false);
    }
  }, [publicKey, onSubscribe, onError, lang]);

  const turnOff = useCallback(async () => {
    setBusy(true);
    try {
      const endpoint = sub ? sub.endpoint : "";
      if (sub) await sub.unsubscribe();
      tellWorker(await navigator.serviceWorker.ready, null, "");
      setSub(null);
      onUnsubscribe(endpoint);
    } catch (e) {
      onError(tr(lang, "Could not turn notifications off in this browser."));
    } finally {
      setBusy(false);
    }
  }, [sub, onUnsubscribe, onError, lang]);

  if (why) return <p className="push-why">{why}</p>;
  return sub ? (
    <button type="button" className="push-button" disabled={busy} onClick={turnOff}>{tr(lang, "Turn off notifications on this device")}</button>
  ) : (
    <button type="button" className="push-button" disabled={busy || !publicKey} onClick={turnOn}>{tr(lang, "Turn on notifications on this device")}</button>
  );
}
