// Calls onDue once the wall clock passes `at` (ms since the epoch): the page moves to the new day.
import { useEffect } from "react";

export function DayWatch({ at, onDue }) {
  useEffect(() => {
    if (!at) return undefined;
    let timer = null;
    const check = () => {
      const left = at - Date.now();
      if (left <= 0) {
        onDue && onDue();
        return;
      }
      // Timers drift and sleep with the device: re-check at least every minute and on wake-up.
      timer = setTimeout(check, Math.min(left + 250, 60000));
    };
    const onVisible = () => { if (document.visibilityState === "visible") { clearTimeout(timer); check(); } };
    check();
    document.addEventListener("visibilitychange", onVisible);
    return () => { clearTimeout(timer); document.removeEventListener("visibilitychange", onVisible); };
  }, [at]);
  return null;
}
