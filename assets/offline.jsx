// This browser's offline copy, in IndexedDB: per user, the last home/grid data seen and the outbox of
// presses made without a connection. The data is wiped at logout (forgetAll).
//
// The outbox: a press made while disconnected is kept here (it survives a reload and a closed app).
// Presses the open page sent through Reflex are replayed by Reflex itself when the websocket comes back,
// so the outbox only sends the others: those of an earlier page load, and those made on the offline
// page (OfflineView), which Reflex never saw. The server applies them in order, answers per press, and
// a press for a habit deleted meanwhile is dropped with a message.
import { useEffect, useRef } from "react";
const DB = "easytrack-offline";
const VERSION = 1;
export const SNAPSHOTS = "snapshots"; // key "<user>:<page>" -> {rev, data, at}
export const OUTBOX = "outbox"; // key [user, seq] -> {user, seq, habit, day, state, at}
export const MAX_OUTBOX = 1000; // kept equal to easytrack.services.outbox.MAX_BATCH

const USER_KEY = "easytrack_offline_user";
export const PAGE_ID = Math.random().toString(36).slice(2, 10); // this page load
let opening = null;
let connected = false;
let offlineView = false; // the offline page is showing (assets/offline_view.jsx)

export const setOfflineView = (value) => { offlineView = !!value; };
const listeners = new Set();

/** Who is logged in on this browser (kept for offline reloads, when the server cannot say). */
export const currentUser = () => {
  try {
    return window.localStorage.getItem(USER_KEY) || "";
  } catch (e) {
    return "";
  }
};

export function setUser(user) {
  try {
    if (user) window.localStorage.setItem(USER_KEY, user);
    else window.localStorage.removeItem(USER_KEY);
  } catch (e) { /* storage disabled: no offline copy */ }
}

export const isOffline = () => !connected || (typeof navigator !== "undefined" && navigator.onLine === false);

export function setConnected(value) {
  connected = !!value;
  for (const l of listeners) l();
}

const changed = () => { for (const l of listeners) l(); };

/** Call `fn` when the connection or the outbox changes; returns the unsubscribe function. */
export const onChange = (fn) => { listeners.add(fn); return () => listeners.delete(fn); };

export function openDb() {
  if (typeof indexedDB === "undefined") return Promise.reject(new Error("no IndexedDB"));
  if (!opening) {
    opening = new Promise((resolve, reject) => {
      const req = indexedDB.open(DB, VERSION);
      req.onupgradeneeded = () => {
        const db = req.result;
        if (!db.objectStoreNames.contains(SNAPSHOTS)) db.createObjectStore(SNAPSHOTS);
        if (!db.objectStoreNames.contains(OUTBOX)) db.createObjectStore(OUTBOX, { keyPath: ["user", "seq"] });
      };
      req.onsuccess = () => {
        req.result.onversionchange = () => { req.result.close(); opening = null; };
        resolve(req.result);
      };
      req.onerror = () => { opening = null; reject(req.error); };
    });
  }
  return opening;
}

const done = (tx) => new Promise((resolve, reject) => {
  tx.oncomplete = () => resolve();
  tx.onerror = () => reject(tx.error);
  tx.onabort = () => reject(tx.error);
});

const result = (req) => new Promise((resolve, reject) => {
  req.onsuccess = () => resolve(req.result);
  req.onerror = () => reject(req.error);
});

export async function saveSnapshot(user, page, rev, data) {
  const db = await openDb();
  const tx = db.transaction(SNAPSHOTS, "readwrite");
  tx.objectStore(SNAPSHOTS).put({ rev, data, at: Date.now() }, `${user}:${page}`);
  return done(tx);
}

export async function loadSnapshot(user, page) {
  const db = await openDb();
  return (await result(db.transaction(SNAPSHOTS).objectStore(SNAPSHOTS).get(`${user}:${page}`))) || null;
}

/** Queue a press; refuses (returns false) when the outbox is full. */
export async function enqueue(user, press) {
  const db = await openDb();
  const tx = db.transaction(OUTBOX, "readwrite");
  const store = tx.objectStore(OUTBOX);
  const range = IDBKeyRange.bound([user, 0], [user, Number.MAX_SAFE_INTEGER]);
  const count = await result(store.count(range));
  if (count >= MAX_OUTBOX) return false;
  store.put({ ...press, user, seq: Date.now() * 1000 + Math.floor(Math.random() * 1000), at: Date.now() });
  await done(tx);
  return true;
}

export async function queued(user) {
  const db = await openDb();
  const range = IDBKeyRange.bound([user, 0], [user, Number.MAX_SAFE_INTEGER]);
  return result(db.transaction(OUTBOX).objectStore(OUTBOX).getAll(range));
}

export async function dequeue(user, seqs) {
  const db = await openDb();
  const tx = db.transaction(OUTBOX, "readwrite");
  for (const seq of seqs) tx.objectStore(OUTBOX).delete([user, seq]);
  return done(tx);
}

/** Delete the data kept for offline viewing (at logout). Queued presses stay, keyed by their user: they
 * hold only habit ids and days, and are sent when that user logs in again (never for anyone else). */
export async function forgetAll() {
  try {
    const db = await openDb();
    const tx = db.transaction(SNAPSHOTS, "readwrite");
    tx.objectStore(SNAPSHOTS).clear();
    await done(tx);
  } catch (e) {
    /* no IndexedDB: nothing kept */
  }
}

// --- hooks used by the tick components (assets/ticks.jsx) ----------------------------------------------

/** Keep `build()` (the data as shown) as `page`'s offline copy whenever `deps` change (debounced). */
export function useOfflineCopy(page, build, deps) {
  const buildRef = useRef(build);
  buildRef.current = build;
  useEffect(() => {
    const user = currentUser();
    if (!user || isOffline()) return undefined;
    const timer = setTimeout(() => {
      if (isOffline()) return;
      const data = buildRef.current();
      if (data) saveSnapshot(user, page, data.rev, data).catch(() => {});
    }, 300);
    return () => clearTimeout(timer);
  }, deps); // eslint-disable-line react-hooks/exhaustive-deps
}

/** A press sent through Reflex while disconnected: kept too, in case the page is closed before it goes. */
export function keepPress(habit, day, value) {
  const user = currentUser();
  if (!user || !isOffline() || offlineView) return; // the offline page queues its own presses
  enqueue(user, { habit, day, value, via: "reflex", page: PAGE_ID }).then(changed, () => {});
}

// --- replay ----------------------------------------------------------------------------------------------

const inFlight = new Map(); // seq -> sent at (ms)
const RETRY_MS = 20000;

/** Send the presses the server has not seen (see the header) through `send(list)`; forget the others. */
export async function replay(user, send) {
  if (!user || typeof send !== "function") return;
  const all = await queued(user);
  const mine = all.filter((p) => p.via === "reflex" && p.page === PAGE_ID).map((p) => p.seq);
  if (mine.length) await dequeue(user, mine);
  const now = Date.now();
  const due = all.filter((p) => !(p.via === "reflex" && p.page === PAGE_ID))
    .filter((p) => !(inFlight.has(p.seq) && now - inFlight.get(p.seq) < RETRY_MS)).slice(0, MAX_OUTBOX);
  if (!due.length) return;
  for (const p of due) inFlight.set(p.seq, now);
  send(due.map((p) => ({ ref: String(p.seq), habit_id: p.habit, day: p.day, state: p.value === "1" ? "done" : null })));
}

/** The server answered these refs (applied or dropped): take them out of the outbox. */
export async function answered(user, refs) {
  if (!user || !Array.isArray(refs) || !refs.length) return;
  const seqs = refs.map(Number).filter(Number.isFinite);
  for (const s of seqs) inFlight.delete(s);
  await dequeue(user, seqs);
  changed();
}

