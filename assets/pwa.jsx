// Registers the service worker (/sw.js?v=<build>) and offers "Reload to update" when a new deployment's
// worker is waiting. On private pages it also tells the offline store who is logged in and whether the
// server is reachable, and replays the outbox once it is; `forget` (public pages: after a logout) wipes
// this browser's offline copy.
import { useContext, useEffect, useRef, useState } from "react";
import { EventLoopContext } from "$/utils/context-registry";
import { answered, forgetAll, onChange, replay, setConnected, setUser } from "$/public/offline.jsx";
import { tr } from "$/public/i18n.js";

const REPLAY_EVERY_MS = 5000;

const useServiceWorker = (version) => {
  const [waiting, setWaiting] = useState(null);
  const asked = useRef(false);
  useEffect(() => {
    if (typeof navigator === "undefined" || !("serviceWorker" in navigator) || !version) return undefined;
    const sw = navigator.serviceWorker;
    const offer = (worker) => { if (worker && sw.controller) setWaiting(worker); };
    const onControl = () => { if (asked.current) window.location.reload(); };
    sw.addEventListener("controllerchange", onControl);
    sw.register("/sw.js?v=" + encodeURIComponent(version), { scope: "/" }).then((reg) => {
      offer(reg.waiting);
      reg.addEventListener("updatefound", () => {
        const worker = reg.installing;
        if (worker) worker.addEventListener("statechange", () => { if (worker.state === "installed") offer(worker); });
      });
      return sw.ready;
    }).then((reg) => {
      // Build files this page loaded before the worker controlled it: cache them too.
      const urls = performance.getEntriesByType("resource").map((e) => new URL(e.name))
        .filter((u) => u.origin === window.location.origin && u.pathname.startsWith("/assets/")).map((u) => u.pathname);
      if (reg && reg.active) reg.active.postMessage({ type: "keep", urls });
    }).catch(() => { /* no service worker (private mode, plain http): the app works online as before */ });
    return () => sw.removeEventListener("controllerchange", onControl);
  }, [version]);
  const update = () => {
    asked.current = true;
    if (waiting) waiting.postMessage({ type: "skip-waiting" });
  };
  return [waiting, update];
};

const useOutbox = (user, replayed, onReplay) => {
  const loop = useContext(EventLoopContext);
  const errors = Array.isArray(loop) && Array.isArray(loop[1]) ? loop[1].length : 0;
  const sendRef = useRef(onReplay);
  sendRef.current = onReplay;
  useEffect(() => {
    const update = () => setConnected(errors === 0 && navigator.onLine !== false);
    update();
    window.addEventListener("online", update);
    window.addEventListener("offline", update);
    return () => { window.removeEventListener("online", update); window.removeEventListener("offline", update); };
  }, [errors]);
  useEffect(() => {
    if (!user) return undefined;
    setUser(user);
    const go = () => {
      if (errors === 0 && navigator.onLine !== false) replay(user, sendRef.current).catch(() => {});
    };
    go();
    const timer = setInterval(go, REPLAY_EVERY_MS);
    const off = onChange(() => setTimeout(go, 0));
    return () => { clearInterval(timer); off(); };
  }, [user, errors]);
  useEffect(() => {
    if (user && replayed && Array.isArray(replayed.refs)) answered(user, replayed.refs).catch(() => {});
  }, [user, replayed]);
};

export function Pwa({ version, forget, user, replayed, onReplay, lang }) {
  const [waiting, update] = useServiceWorker(version);
  useEffect(() => {
    if (forget) {
      setUser("");
      forgetAll();
    }
  }, [forget]);
  useOutbox(forget ? "" : user, replayed, onReplay);
  if (!waiting) return null;
  return (
    <div className="pwa-toast" role="status">
      <span>{tr(lang, "A new version of easytrack is ready.")}</span>
      <button type="button" onClick={update}>{tr(lang, "Reload to update")}</button>
    </div>
  );
}
