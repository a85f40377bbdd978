// The offline page: while the server cannot be reached, the home page or the grid as this device last saw
// it (assets/offline.jsx keeps the copy), with the queued presses applied and shown as waiting. Presses
// made here go to the outbox; the page as usual returns once the connection does.
import { createElement, useEffect, useState } from "react";
import { TickButtons, TickGrid } from "$/public/ticks.jsx";
import {
  MAX_OUTBOX, PAGE_ID, currentUser, enqueue, isOffline, loadSnapshot, onChange, queued, setOfflineView,
} from "$/public/offline.jsx";
import { num, resolve, tr, trn } from "$/public/i18n.js";


const pageOf = (path) => (path.replace(/\/+$/, "") === "/grid" ? "grid" : path.replace(/\/+$/, "") === "" ? "home" : "");

const applyQueued = (page, data, presses) => {
  if (page === "home") {
    const habits = data.habits.map((x) => {
      const last = presses.filter((p) => p.habit === x.id && p.day === data.today).pop();
      return last ? { ...x, done: last.value === "1" } : x;
    });
    return { ...data, habits };
  }
  const idx = new Map(data.days.map((d, i) => [d.d, i]));
  const rows = data.rows.map((r) => {
    const cells = r.cells.split("");
    for (const p of presses) if (p.habit === r.id && idx.has(p.day)) cells[idx.get(p.day)] = p.value === "1" ? "1" : "0";
    return { ...r, cells: cells.join("") };
  });
  return { ...data, rows };
};

/** While the server cannot be reached, the page as this device last saw it, ticking into the outbox;
 * `children` (the usual spinner) until then, or when nothing was kept. */
export function OfflineView({ children, lang }) {
  const [view, setView] = useState(null);
  const [waiting, setWaiting] = useState(0);
  const [note, setNote] = useState("");
  useEffect(() => {
    let alive = true;
    const refresh = async () => {
      const user = currentUser();
      const page = pageOf(window.location.pathname);
      if (!alive || !user || !page || !isOffline()) return setView(null);
      const snap = await loadSnapshot(user, page).catch(() => null);
      if (!snap || !alive) return setView(null);
      const presses = await queued(user).catch(() => []);
      setWaiting(presses.length);
      setView({ page, user, at: snap.at, data: applyQueued(page, snap.data, presses) });
    };
    const timer = setTimeout(refresh, 1200); // the websocket usually connects well within this
    const off = onChange(refresh);
    window.addEventListener("offline", refresh);
    return () => { alive = false; clearTimeout(timer); off(); window.removeEventListener("offline", refresh); };
  }, []);
  useEffect(() => {
    setOfflineView(!!view);
    return () => setOfflineView(false);
  }, [view]);
  if (!view) return children || null;
  const onSet = (habit, day, value) => {
    enqueue(view.user, { habit, day, value, via: "offline", page: PAGE_ID }).then((ok) => {
      if (!ok) setNote("full");
      return queued(view.user).then((p) => setWaiting(p.length));
    }).catch(() => setNote("unkept"));
  };
  const onMenu = () => setNote("menu");
  const notes = {
    full: tr(lang, "Too many changes are waiting ({n}): connect to send them before ticking more.", { n: num(lang, MAX_OUTBOX) }),
    unkept: tr(lang, "This browser cannot keep changes offline."),
    menu: tr(lang, "Amounts and notes need a connection."),
  };
  const when = new Date(view.at).toLocaleString(resolve(lang) === "en" ? undefined : resolve(lang));
  const tick = view.page === "home"
    ? createElement(TickButtons, { habits: view.data.habits, today: view.data.today, rev: view.data.rev, patches: [], onSet, onMenu, id: "offline-buttons" })
    : createElement(TickGrid, { days: view.data.days, rows: view.data.rows, rev: view.data.rev, patches: [], onSet, onMenu, id: "offline-grid" });
  return (
    <div className="offline-view">
      <p className="offline-banner" role="status">
        {tr(lang, "You are offline: this is what this device last saw ({when}). Ticks are kept here and sent when you are back online.", { when })}
        {waiting ? " " + trn(lang, "{n} waiting to be sent.", "{n} waiting to be sent.", waiting) : ""}
      </p>
      {note ? <p className="offline-banner" role="alert">{notes[note]}</p> : null}
      {tick}
    </div>
  );
}
