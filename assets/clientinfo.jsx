// Reports the browser's time zone and whether the screen is phone-sized, once, when the page mounts.
// (A component rather than rx.call_script: scripts sent from the server need 'unsafe-eval' in the CSP.)
import { useEffect } from "react";

export function ClientInfo({ onInfo }) {
  useEffect(() => {
    let zone = "";
    try {
      zone = Intl.DateTimeFormat().resolvedOptions().timeZone || "";
    } catch (e) {
      zone = "";
    }
    const small = window.matchMedia("(max-width: 640px)").matches;
    if (onInfo) onInfo(zone, small);
  }, []);
  return null;
}
