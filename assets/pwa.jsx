// Registers the service worker (/sw.js?v=<build>) and offers "Reload to update" when a new deployment's
// worker is waiting. `forget` (on the public pages: after a logout) wipes this browser's offline copy.
import { useEffect, useRef, useState } from "react";
import { forgetAll } from "$/public/offline.jsx";

export function Pwa({ version, forget }) {
  const [waiting, setWaiting] = useState(null);
  const asked = useRef(false);
  useEffect(() => {
    if (forget) forgetAll();
    if (!("serviceWorker" in navigator) || !version) return undefined;
    const sw = navigator.serviceWorker;
    const offer = (worker) => { if (worker && sw.controller) setWaiting(worker); };
    const onChange = () => { if (asked.current) window.location.reload(); };
    sw.addEventListener("controllerchange", onChange);
    sw.register("/sw.js?v=" + encodeURIComponent(version), { scope: "/" }).then((reg) => {
      offer(reg.waiting);
      reg.addEventListener("updatefound", () => {
        const worker = reg.installing;
        if (!worker) return;
        worker.addEventListener("statechange", () => { if (worker.state === "installed") offer(worker); });
      });
    }).catch(() => { /* no service worker (private mode, http): the app works online as before */ });
    return () => sw.removeEventListener("controllerchange", onChange);
  }, [version, forget]);
  if (!waiting) return null;
  const update = () => {
    asked.current = true;
    waiting.postMessage({ type: "skip-waiting" });
  };
  return (
    <div className="pwa-toast" role="status">
      <span>A new version of easytrack is ready.</span>
      <button type="button" onClick={update}>Reload to update</button>
    </div>
  );
}
