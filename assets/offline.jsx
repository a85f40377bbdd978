// This browser's offline copy, in IndexedDB: per user, the last home/grid data seen and the outbox of
// presses made without a connection. The data is wiped at logout (forgetAll).
const DB = "easytrack-offline";
const VERSION = 1;
export const SNAPSHOTS = "snapshots"; // key "<user>:<page>" -> {rev, data, at}
export const OUTBOX = "outbox"; // key [user, seq] -> {user, seq, habit, day, state, at}
export const MAX_OUTBOX = 1000; // kept equal to easytrack.services.outbox.MAX_BATCH

let opening = null;

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
