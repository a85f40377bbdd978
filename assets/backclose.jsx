// Back closes an open dialog instead of leaving the page (as on Android): while `open`, one extra
// history entry (same URL) sits on top; Back pops it and calls `onBack`. A dialog closed any other way
// takes its entry off again.
import { useEffect, useRef } from "react";

export function BackCloses({ open, onBack }) {
  const pushed = useRef(false);
  const onBackRef = useRef(onBack);
  onBackRef.current = onBack;

  useEffect(() => {
    const onPop = () => {
      if (!pushed.current) return;
      pushed.current = false;
      const cb = onBackRef.current;
      if (typeof cb === "function") cb();
    };
    window.addEventListener("popstate", onPop);
    return () => window.removeEventListener("popstate", onPop);
  }, []);

  useEffect(() => {
    if (open && !pushed.current) {
      window.history.pushState({ ...(window.history.state || {}), easytrackDialog: true }, "");
      pushed.current = true;
    } else if (!open && pushed.current) {
      pushed.current = false;
      if (window.history.state && window.history.state.easytrackDialog) window.history.back();
    }
  }, [open]);

  // Leaving the page with the dialog open: its entry stays behind harmlessly (same URL).
  useEffect(() => () => {
    pushed.current = false;
  }, []);
  return null;
}
