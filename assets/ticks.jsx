// Instant ticks: the habit grid and the home buttons of easytrack.
//
// Both components flip a cell on the client at once, then send `onSet` to the
// server; the server's patches (a list of the last few changes, each with a
// revision `r`) confirm, correct or roll back the flip. See ticks.py for the
// props and the protocol.
import {
  memo,
  useCallback,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  useContext,
  useSyncExternalStore,
} from "react";
import { flushSync } from "react-dom";
// Reflex 0.10: [addEvents, connectErrors]; connectErrors is non-empty while the
// websocket is down. Reflex queues events meanwhile and sends them on reconnect.
import { EventLoopContext } from "$/utils/context-registry";
// The offline copy and outbox (assets/offline.jsx): two hooks, see useOfflineCopy and keepPress below.
import { keepPress, useOfflineCopy } from "$/public/offline.jsx";
// Texts in the reader's language (assets/i18n.js): `lang` is a prop from AuthState.lang, never per tick.
import { tr, trn } from "./i18n.js";

const LONG_PRESS_MS = 500;
const FLASH_MS = 700;
const MSG_MS = 4000;
// A request without an answer while connected is rolled back after this long
// (the server's patch still wins if it comes later). While disconnected,
// presses stay pending: Reflex replays queued events on reconnect.
const PENDING_MAX_MS = 15000;

const COLOR_RE = /^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/;

/** The colour if it is #rgb or #rrggbb, else null (the CSS falls back to the accent). */
export const safeColor = (c) => (typeof c === "string" && COLOR_RE.test(c) ? c : null);

/** A readable foreground for text on top of a colour. */
const fgFor = (c) => {
  if (!c) return null;
  let h = c.slice(1);
  if (h.length === 3) h = h[0] + h[0] + h[1] + h[1] + h[2] + h[2];
  const lin = (i) => {
    const v = parseInt(h.slice(i, i + 2), 16) / 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  };
  const L = 0.2126 * lin(0) + 0.7152 * lin(2) + 0.0722 * lin(4);
  // Contrast against white vs. near-black: pick the better one.
  return (1.05 / (L + 0.05) >= (L + 0.05) / 0.0622) ? "#fff" : "#111";
};

const colorStyle = (color) => {
  const c = safeColor(color);
  return c ? { "--habit": c, "--habit-fg": fgFor(c) } : undefined;
};

/** A short random request id, [a-z0-9]{1,12}. */
const newReq = () => {
  let s = "";
  while (!s) s = Math.random().toString(36).slice(2, 10);
  return s;
};

const clickable = (c) => c !== "f" && c !== undefined && c !== "";

// ---------------------------------------------------------------------------
// The shared client store: per-habit server values from patches, optimistic
// overrides, rollback flashes, streaks, and one status message. Components
// subscribe per habit id, so a change re-renders one row / one button.
// ---------------------------------------------------------------------------

class TickStore {
  constructor() {
    this.habits = new Map(); // id -> {over, srv, flash, streak, prog, ver}
    this.subs = new Map(); // id -> Set(listener)
    this.subFns = new Map(); // id -> stable subscribe function
    this.baseRev = -1; // the rev the rows/habits were loaded at
    this.lastRev = 0; // the highest revision applied (or loaded)
    this.seen = new Set(); // identities of the patches already processed
    this.seenOrder = [];
    this.msg = "";
    this.msgOffline = false; // the message shown is the "offline" one (cleared when back online)
    this.lang = ""; // the page's language (the component's `lang` prop)
    this.msgVer = 0;
    this.msgSubs = new Set();
    this.msgTimer = null;
    this.focus = null; // {h, i} of the roving-tabindex cell (grid)
    this.resyncAskedFor = -1;
    this.offline = false;
    this.connErrors = 0;
    this.allSubs = new Set(); // listeners of any change (the "5 of 12 done" summary)
    this.allVer = 0;
  }

  h(id) {
    let s = this.habits.get(id);
    if (!s) {
      s = { over: new Map(), srv: new Map(), flash: new Map(), streak: null, prog: null, ver: 0 };
      this.habits.set(id, s);
    }
    return s;
  }

  peek(id) {
    return this.habits.get(id);
  }

  subscribe(id) {
    let fn = this.subFns.get(id);
    if (!fn) {
      fn = (listener) => {
        let set = this.subs.get(id);
        if (!set) this.subs.set(id, (set = new Set()));
        set.add(listener);
        return () => set.delete(listener);
      };
      this.subFns.set(id, fn);
    }
    return fn;
  }

  ver(id) {
    const s = this.habits.get(id);
    return s ? s.ver : 0;
  }

  emit(id) {
    const s = this.h(id);
    s.ver++;
    const set = this.subs.get(id);
    if (set) for (const l of set) l();
    this.allVer++;
    for (const l of this.allSubs) l();
  }

  /** The value shown for a cell, given the loaded (base) character. */
  cell(id, d, base) {
    const s = this.habits.get(id);
    if (!s) return base;
    const o = s.over.get(d);
    if (o) return o.v;
    const v = s.srv.get(d);
    return v && v.r > this.baseRev ? v.c : base;
  }

  pending(id, d) {
    const s = this.habits.get(id);
    return !!(s && s.over.has(d));
  }

  flashing(id, d) {
    const s = this.habits.get(id);
    return !!(s && s.flash.has(d));
  }

  streak(id, base) {
    const s = this.habits.get(id);
    return s && s.streak && s.streak.r > this.baseRev ? s.streak.s : base;
  }

  /** "2/3 this week" for quota schedules, as the latest patch or the loaded habit says. */
  progress(id, base) {
    const s = this.habits.get(id);
    return s && s.prog && s.prog.r > this.baseRev ? s.prog.g : base;
  }

  /** Optimistic press: remember the override and return the request id. */
  press(id, d, value) {
    const req = newReq();
    this.h(id).over.set(d, { v: value, req, at: performance.now() });
    this.emit(id);
    if (this.offline) this.sayOffline();
    return req;
  }

  /** New rows/habits were loaded at `rev`: server values up to it are in them. */
  setBase(rev) {
    if (rev === this.baseRev) return;
    if (rev < this.baseRev) {
      // The server's counter went back (restored backup, new server): forget
      // everything learnt from patches; pending presses stay until answered.
      for (const s of this.habits.values()) {
        s.srv.clear();
        s.streak = null;
        s.prog = null;
      }
      this.lastRev = rev;
      this.seen.clear();
      this.seenOrder = [];
    }
    this.baseRev = rev;
    if (rev > this.lastRev) this.lastRev = rev;
    this.resyncAskedFor = -1;
  }

  /** Drop server values the loaded rows already contain (after setBase). */
  prune() {
    for (const [id, s] of this.habits) {
      let changed = false;
      for (const [d, v] of s.srv) {
        if (v.r <= this.baseRev) {
          s.srv.delete(d);
          changed = true;
        }
      }
      if (s.streak && s.streak.r <= this.baseRev) s.streak = null;
      if (s.prog && s.prog.r <= this.baseRev) s.prog = null;
      if (changed) this.emit(id);
    }
  }

  flash(id, d) {
    const s = this.h(id);
    s.flash.set(d, performance.now());
    setTimeout(() => {
      s.flash.delete(d);
      this.emit(id);
    }, FLASH_MS);
  }

  sayOffline() {
    this.say(tr(this.lang, "Offline: will save when reconnected"));
    this.msgOffline = true;
  }

  say(text) {
    this.msg = text;
    this.msgOffline = false;
    this.msgVer++;
    for (const l of this.msgSubs) l();
    clearTimeout(this.msgTimer);
    if (text) this.msgTimer = setTimeout(() => this.say(""), MSG_MS);
  }

  /**
   * Apply the patches not seen yet, in list order. Returns true when a gap
   * shows that some change never reached this tab (→ resync).
   */
  ingest(patches) {
    if (!Array.isArray(patches)) return false;
    let gap = false;
    const touched = new Set();
    for (const p of patches) {
      if (!p || typeof p !== "object") continue;
      const id = p.h;
      const d = p.d;
      const r = typeof p.r === "number" ? p.r : 0;
      const key = `${r}|${id}|${d}|${p.q || ""}|${p.e || ""}`;
      if (this.seen.has(key)) continue;
      this.seen.add(key);
      this.seenOrder.push(key);
      if (this.seenOrder.length > 64) this.seen.delete(this.seenOrder.shift());
      if (r > 0) {
        if (r > this.lastRev + 1 && r > this.baseRev + 1) gap = true;
        if (r > this.lastRev) this.lastRev = r;
      }
      const s = this.h(id);
      const cur = s.srv.get(d);
      const curR = cur ? cur.r : this.baseRev;
      const o = s.over.get(d);
      const mine = !!(o && p.q && o.req === p.q);
      // A refusal may carry no usable value (c == ""): then only roll back.
      const hasC = typeof p.c === "string" && p.c.length === 1;
      if (p.e) {
        // Refused: the server's real value, then roll back our latest press.
        if (hasC && (r === 0 || r >= curR)) s.srv.set(d, { c: p.c, r: Math.max(r, curR, this.baseRev + 1) });
        if (mine) {
          s.over.delete(d);
          this.flash(id, d);
        }
        if (p.q) this.say(String(p.e));
      } else {
        if (hasC && r > curR) s.srv.set(d, { c: p.c, r });
        if (mine) s.over.delete(d);
      }
      if (typeof p.s === "number" && r > 0 && (!s.streak || r >= s.streak.r)) {
        s.streak = { s: p.s, r };
      }
      if (typeof p.g === "string" && r > 0 && (!s.prog || r >= s.prog.r)) s.prog = { g: p.g, r };
      touched.add(id);
    }
    for (const id of touched) this.emit(id);
    return gap;
  }

  /** Roll back requests that never got an answer. */
  sweep() {
    const now = performance.now();
    for (const [id, s] of this.habits) {
      let changed = false;
      for (const [d, o] of s.over) {
        const age = now - o.at;
        if (!this.offline && age > PENDING_MAX_MS) {
          s.over.delete(d);
          this.flash(id, d);
          changed = true;
        }
      }
      if (changed) {
        this.emit(id);
        this.say(tr(this.lang, "Not saved: no answer from the server"));
      }
    }
  }

  anyPending() {
    for (const s of this.habits.values()) if (s.over.size) return true;
    return false;
  }
}

/** One store per mounted component, fed by its patches and rev props. */
const useTickStore = (rev, patches, onResync, resetKey, lang) => {
  const ref = useRef(null);
  if (ref.current === null) ref.current = new TickStore();
  const store = ref.current;
  store.lang = typeof lang === "string" ? lang : "";
  // Idempotent: rows rendered below must ignore server values up to `rev`.
  store.setBase(typeof rev === "number" ? rev : 0);

  const resyncRef = useRef(onResync);
  resyncRef.current = onResync;

  useLayoutEffect(() => {
    store.prune();
  }, [store, rev, resetKey]);

  useLayoutEffect(() => {
    const gap = store.ingest(patches);
    if (gap && store.resyncAskedFor !== store.lastRev) {
      store.resyncAskedFor = store.lastRev;
      const cb = resyncRef.current;
      if (typeof cb === "function") setTimeout(() => cb(), 0);
    }
  }, [store, patches]);

  const loop = useContext(EventLoopContext);
  const connErrors = Array.isArray(loop) && Array.isArray(loop[1]) ? loop[1].length : 0;
  useEffect(() => {
    const was = store.offline;
    store.connErrors = connErrors;
    store.offline = connErrors > 0 || navigator.onLine === false;
    if (store.offline && !was && store.anyPending()) store.sayOffline();
    if (!store.offline) {
      // Back online: queued presses are being sent now; restart their clocks.
      const now = performance.now();
      for (const s of store.habits.values()) for (const o of s.over.values()) o.at = now;
      if (was && store.msgOffline) store.say("");
    }
  }, [store, connErrors]);

  useEffect(() => {
    const upd = () => {
      store.offline = store.connErrors > 0 || navigator.onLine === false;
    };
    window.addEventListener("online", upd);
    window.addEventListener("offline", upd);
    const t = setInterval(() => {
      if (store.anyPending()) store.sweep();
    }, 1000);
    return () => {
      window.removeEventListener("online", upd);
      window.removeEventListener("offline", upd);
      clearInterval(t);
    };
  }, [store]);
  return store;
};

/** Latest callbacks in a ref, so memoized children never depend on them. */
const useLatest = (value) => {
  const ref = useRef(value);
  ref.current = value;
  return ref;
};

const send = (fn, ...args) => {
  if (typeof fn !== "function") return;
  keepPress(args[0], args[1], args[2]); // disconnected: also kept in the outbox, in case the page closes
  // After the flip: the DOM is already updated when this runs.
  queueMicrotask(() => fn(...args));
};

/** Subscribe to one of the store's listener sets (`subs`), reading `snapshot()`. */
const useStoreValue = (subs, snapshot, initial) =>
  useSyncExternalStore(
    useCallback(
      (l) => {
        subs.add(l);
        return () => subs.delete(l);
      },
      [subs],
    ),
    snapshot,
    () => initial,
  );

const Status = memo(function Status({ store }) {
  const msg = useStoreValue(store.msgSubs, () => store.msg, "");
  return (
    <div className="tk-status" role="status" aria-live="polite">
      {msg}
    </div>
  );
});

// Long-press (touch/pen) and right-click open the menu; both suppress the toggle.
const useMenuGesture = (store, onMenuRef) => {
  const st = useRef({ timer: null, x: 0, y: 0, fired: -Infinity, suppress: false });
  const fire = (h, d) => {
    st.current.fired = performance.now();
    const cb = onMenuRef.current;
    if (typeof cb === "function") cb(h, d);
  };
  const start = (e, h, d) => {
    const s = st.current;
    clearTimeout(s.timer);
    if (e.pointerType === "mouse") return;
    s.x = e.clientX;
    s.y = e.clientY;
    s.timer = setTimeout(() => {
      s.timer = null;
      s.suppress = true;
      fire(h, d);
    }, LONG_PRESS_MS);
  };
  const move = (e) => {
    const s = st.current;
    if (s.timer && Math.abs(e.clientX - s.x) + Math.abs(e.clientY - s.y) > 10) {
      clearTimeout(s.timer);
      s.timer = null;
    }
  };
  const cancel = () => {
    clearTimeout(st.current.timer);
    st.current.timer = null;
  };
  const contextMenu = (e, h, d) => {
    e.preventDefault();
    cancel();
    if (performance.now() - st.current.fired < 1000) return; // long-press already did
    st.current.suppress = true;
    setTimeout(() => (st.current.suppress = false), 0);
    fire(h, d);
  };
  /** True (once) when the click that follows a long-press must not toggle. */
  const takeSuppress = () => {
    const s = st.current;
    if (s.suppress) {
      s.suppress = false;
      return true;
    }
    return false;
  };
  return { start, move, cancel, contextMenu, takeSuppress };
};

// ---------------------------------------------------------------------------
// TickGrid
// ---------------------------------------------------------------------------

const CELL_CLASS = {
  0: "tk-c0",
  1: "tk-c1",
  s: "tk-cs",
  x: "tk-cx",
  "-": "tk-cn",
  p: "tk-cp",
};

// What a cell means, for its tooltip (the legend under the grid shows the same words).
const cellWord = (lang, c) => {
  switch (c) {
    case "0":
      return tr(lang, "nothing entered");
    case "1":
      return tr(lang, "done");
    case "s":
      return tr(lang, "skipped");
    case "x":
      return tr(lang, "not done");
    case "-":
      return tr(lang, "not needed");
    case "p":
      return tr(lang, "partly done");
    default:
      return "";
  }
};

const GridRow = memo(function GridRow({ row, days, store, first, defaultI, lang }) {
  const id = row.id;
  useSyncExternalStore(store.subscribe(id), () => store.ver(id), () => 0);
  const cells = typeof row.cells === "string" ? row.cells : "";
  const name = String(row.name ?? "");
  const amounts = Array.isArray(row.a) ? row.a : null;
  const notes = row.n && typeof row.n === "object" ? row.n : null;
  const f = store.focus;
  const focusI = f ? (f.h === id ? f.i : -1) : first ? defaultI : -1;
  const tds = new Array(days.length);
  for (let i = 0; i < days.length; i++) {
    const day = days[i];
    const d = day.d;
    const base = cells[i] || "f";
    let cls = "tk-td";
    if (day.we) cls += " tk-we";
    if (day.today) cls += " tk-today";
    if (base === "f") {
      tds[i] = (
        <div key={d} role="cell" className={cls}>
          <span className="tk-cell tk-cf" aria-hidden="true" />
        </div>
      );
      continue;
    }
    const c = store.cell(id, d, base);
    let bcls = "tk-cell " + (CELL_CLASS[c] || "tk-c0");
    if (store.pending(id, d)) bcls += " tk-pend";
    if (store.flashing(id, d)) bcls += " tk-rb";
    const amt = amounts && typeof amounts[i] === "string" ? amounts[i] : "";
    const note = notes && typeof notes[d] === "string" ? notes[d] : "";
    if (amt) bcls += " tk-num";
    if (note) bcls += " tk-note";
    const tip = `${name} · ${d}: ${cellWord(lang, c)}${amt ? " · " + amt : ""}${note ? " · " + tr(lang, "Note: {note}", { note }) : ""}`;
    tds[i] = (
      <div key={d} role="cell" className={cls}>
        <button
          title={tip}
          type="button"
          className={bcls}
          aria-label={`${name} ${d}`}
          aria-pressed={c === "1" ? "true" : "false"}
          tabIndex={i === focusI ? 0 : -1}
          data-h={id}
          data-d={d}
          data-i={i}
          data-c={c}
          data-m={row.m ? "1" : undefined}
        >
          {amt ? <span className="tk-amt">{amt}</span> : null}
        </button>
      </div>
    );
  }
  const streak = store.streak(id, row.streak ?? 0);
  return (
    <div role="row" className="tk-tr" style={colorStyle(row.color)} data-row={id}>
      <div role="rowheader" className="tk-name" title={name}>
        <span className="tk-dot" aria-hidden="true" />
        {typeof row.url === "string" && /^\/habits\/\d+$/.test(row.url) ? (
          <a className="tk-nm" dir="auto" href={row.url}>
            {name}
          </a>
        ) : (
          <span className="tk-nm" dir="auto">
            {name}
          </span>
        )}
        <span className="tk-streak" title={trn(lang, "Current streak: {n} day", "Current streak: {n} days", streak)}>
          {streak}
        </span>
      </div>
      {tds}
    </div>
  );
});

const GroupRow = memo(function GroupRow({ group, count, open, span, toggle, lang }) {
  return (
    <div role="row" className="tk-grp">
      <div role="rowheader" aria-colspan={span}>
        <button type="button" aria-expanded={open ? "true" : "false"} onClick={() => toggle(group)}>
          <span aria-hidden="true">{open ? "▾" : "▸"}</span> <span dir="auto">{group || tr(lang, "Other")}</span>{" "}
          <span className="tk-grp-n">({count})</span>
        </button>
      </div>
    </div>
  );
});

// The recent view asks for as many days as fit at about this width each, and never fewer than
// a full week plus today (the cells then narrow down to 27 px on a 320 px phone).
const FIT_CELL_PX = 36;
const FIT_MIN_DAYS = 8;
const FIT_MAX_DAYS = 62;

/** With `fit`, report (debounced) how many day columns fit the grid's box whenever that changes. */
const useFit = (wrapRef, fit, count, onFitRef) => {
  useEffect(() => {
    const wrap = wrapRef.current;
    if (!wrap) return undefined;
    // data-fitted="1" once the days shown are the days that fit (always, without `fit`).
    wrap.dataset.fitted = "1";
    if (!fit || typeof ResizeObserver === "undefined") return undefined;
    let timer = null;
    const check = () => {
      const corner = wrap.querySelector(".tk-corner");
      const room = wrap.clientWidth - (corner ? corner.offsetWidth : 0);
      const n = Math.max(FIT_MIN_DAYS, Math.min(FIT_MAX_DAYS, Math.floor(room / FIT_CELL_PX)));
      clearTimeout(timer);
      wrap.dataset.fitted = n === count || room <= 0 ? "1" : "0";
      if (n === count || room <= 0) return;
      timer = setTimeout(() => {
        const cb = onFitRef.current;
        if (typeof cb === "function") cb(n);
      }, 150);
    };
    const ro = new ResizeObserver(check);
    ro.observe(wrap);
    check();
    return () => {
      ro.disconnect();
      clearTimeout(timer);
    };
  }, [wrapRef, fit, count, onFitRef]);
};

/** Keep today's column in view: a month on a phone scrolls sideways, and opens at today, not the 1st. */
const useTodayInView = (scrollRef, dayList) => {
  useLayoutEffect(() => {
    const box = scrollRef.current;
    const day = box && box.querySelector(".tk-day.tk-today");
    if (!day) return;
    // Today as far right as it goes: the days before it in view, none of the future ones needed.
    const right = day.getBoundingClientRect().right - box.getBoundingClientRect().left + box.scrollLeft;
    box.scrollLeft = Math.max(0, right - box.clientWidth + 4);
  }, [scrollRef, dayList]);
};

export function TickGrid({ days, rows, rev, patches, fit, lang, onSet, onMenu, onResync, onFit, id, className }) {
  const dayList = Array.isArray(days) ? days : [];
  const rowList = Array.isArray(rows) ? rows : [];
  const store = useTickStore(rev, patches, onResync, rows, lang);
  const onSetRef = useLatest(onSet);
  const onMenuRef = useLatest(onMenu);
  const onFitRef = useLatest(onFit);
  const menu = useMenuGesture(store, onMenuRef);
  const [collapsed, setCollapsed] = useState(() => new Set());
  useOfflineCopy("grid", () => ({ rev, days: dayList, rows: rowList.map((r) => ({ ...r, cells: dayList.map((d, i) =>
    store.cell(r.id, d.d, typeof r.cells === "string" ? r.cells[i] : "0")).join("") })) }), [rows, patches, days, rev]);
  const tableRef = useRef(null);
  const wrapRef = useRef(null);
  const scrollRef = useRef(null);
  useFit(wrapRef, !!fit, dayList.length, onFitRef);
  useTodayInView(scrollRef, dayList);
  const drag = useRef(null); // {target, painted: Set, active}

  const toggleGroup = useCallback((g) => {
    setCollapsed((prev) => {
      const next = new Set(prev);
      if (next.has(g)) next.delete(g);
      else next.add(g);
      return next;
    });
  }, []);

  const todayIdx = useMemo(() => {
    let t = dayList.findIndex((x) => x && x.today);
    if (t < 0) t = dayList.length - 1;
    return t;
  }, [dayList]);

  // Rows in display order, with group headings when groups are used.
  const useGroups = rowList.some((r) => r && r.group);
  const visible = [];
  const items = [];
  {
    let prevGroup = null;
    const counts = new Map();
    if (useGroups) for (const r of rowList) counts.set(r.group || "", (counts.get(r.group || "") || 0) + 1);
    let first = true;
    for (const r of rowList) {
      if (!r) continue;
      const g = r.group || "";
      if (useGroups && g !== prevGroup) {
        prevGroup = g;
        items.push(
          <GroupRow
            key={"g:" + g}
            group={g}
            count={counts.get(g)}
            open={!collapsed.has(g)}
            span={dayList.length + 1}
            toggle={toggleGroup}
            lang={lang}
          />,
        );
      }
      if (useGroups && collapsed.has(g)) continue;
      visible.push(r);
      items.push(
        <GridRow key={r.id} row={r} days={dayList} store={store} first={first} defaultI={todayIdx} lang={lang} />,
      );
      first = false;
    }
  }
  const visibleRef = useLatest(visible);

  /** Flip one cell now, send it after. */
  const setCell = (h, d, value) => {
    const req = store.press(h, d, value);
    send(onSetRef.current, h, d, value, req);
  };

  const cellOf = (target) => {
    const b = target && target.closest ? target.closest("button[data-d]") : null;
    if (!b || !tableRef.current || !tableRef.current.contains(b)) return null;
    return { el: b, h: Number(b.dataset.h), d: b.dataset.d, i: Number(b.dataset.i), c: b.dataset.c };
  };

  const moveFocus = (h, i) => {
    const old = store.focus;
    store.focus = { h, i };
    if (old && old.h !== h) store.emit(old.h);
    else if (!old && visibleRef.current[0]) store.emit(visibleRef.current[0].id);
    store.emit(h);
  };

  const onClick = (e) => {
    const cell = cellOf(e.target);
    if (!cell) return;
    if (menu.takeSuppress()) return;
    if (drag.current && drag.current.justPainted) {
      drag.current = null;
      return;
    }
    if (cell.el.dataset.m) {
      // Measurable habits take an amount: a press opens the entry form instead of toggling.
      const cb = onMenuRef.current;
      if (typeof cb === "function") cb(cell.h, cell.d);
      return;
    }
    const value = cell.c === "1" ? "0" : "1";
    flushSync(() => {
      const f = store.focus;
      if (!f || f.h !== cell.h || f.i !== cell.i) moveFocus(cell.h, cell.i);
      setCell(cell.h, cell.d, value);
    });
  };

  const paint = (el) => {
    const g = drag.current;
    const cell = cellOf(el);
    if (!g || !cell || cell.el.dataset.m || g.painted.has(cell.h + "|" + cell.d)) return;
    g.painted.add(cell.h + "|" + cell.d);
    const is = cell.c === "1";
    if ((g.target === "1") === is) return; // already the target value
    flushSync(() => setCell(cell.h, cell.d, g.target));
  };

  const onPointerDown = (e) => {
    const cell = cellOf(e.target);
    if (!cell) return;
    menu.start(e, cell.h, cell.d);
    if (e.pointerType === "mouse" && e.button !== 0) return;
    // Touch and pen capture the pointer to the first cell: release it, so moves reach the others.
    if (e.pointerType !== "mouse" && cell.el.hasPointerCapture?.(e.pointerId)) {
      cell.el.releasePointerCapture(e.pointerId);
    }
    drag.current = { target: cell.c === "1" ? "0" : "1", start: cell.el, painted: new Set(), active: false };
  };

  /** The pointer is over `el` with the button (or finger) down: paint the start cell and this one. */
  const dragOver = (el) => {
    const g = drag.current;
    const cell = cellOf(el);
    if (!g || g.justPainted || !cell || cell.el === g.start) return;
    menu.cancel();
    if (!g.active) {
      g.active = true;
      paint(g.start);
    }
    paint(cell.el);
  };

  const onPointerOver = (e) => {
    const g = drag.current;
    if (!g || g.justPainted) return;
    if (!(e.buttons & 1)) {
      drag.current = null;
      return;
    }
    dragOver(e.target);
  };

  // A finger painting along a row (cells take only vertical panning, touch-action: pan-y): follow it by
  // position, as a touch pointer's over/out events are not dependable across browsers.
  const onPointerMove = (e) => {
    menu.move(e);
    if (e.pointerType === "touch" && drag.current) dragOver(document.elementFromPoint(e.clientX, e.clientY));
  };

  useEffect(() => {
    const up = () => {
      const g = drag.current;
      if (!g) return;
      if (g.active) {
        g.justPainted = true;
        // The click that may follow this pointerup must not toggle.
        setTimeout(() => {
          if (drag.current === g) drag.current = null;
        }, 0);
      } else drag.current = null;
    };
    window.addEventListener("pointerup", up);
    window.addEventListener("pointercancel", up);
    return () => {
      window.removeEventListener("pointerup", up);
      window.removeEventListener("pointercancel", up);
    };
  }, []);

  const onContextMenu = (e) => {
    const cell = cellOf(e.target);
    if (cell) menu.contextMenu(e, cell.h, cell.d);
  };

  const onFocus = (e) => {
    const cell = cellOf(e.target);
    if (!cell) return;
    const f = store.focus;
    if (!f || f.h !== cell.h || f.i !== cell.i) moveFocus(cell.h, cell.i);
  };

  const onKeyDown = (e) => {
    const cell = cellOf(e.target);
    if (!cell) return;
    const vis = visibleRef.current;
    const ri = vis.findIndex((r) => r.id === cell.h);
    if (ri < 0) return;
    const ok = (r, i) => {
      const base = typeof r.cells === "string" ? r.cells[i] : undefined;
      return i >= 0 && i < dayList.length && clickable(base);
    };
    let target = null;
    const row = vis[ri];
    switch (e.key) {
      case "ArrowLeft":
        for (let i = cell.i - 1; i >= 0; i--) if (ok(row, i)) { target = [row, i]; break; }
        break;
      case "ArrowRight":
        for (let i = cell.i + 1; i < dayList.length; i++) if (ok(row, i)) { target = [row, i]; break; }
        break;
      case "ArrowUp":
        for (let j = ri - 1; j >= 0; j--) if (ok(vis[j], cell.i)) { target = [vis[j], cell.i]; break; }
        break;
      case "ArrowDown":
        for (let j = ri + 1; j < vis.length; j++) if (ok(vis[j], cell.i)) { target = [vis[j], cell.i]; break; }
        break;
      case "Home":
        for (let i = 0; i < dayList.length; i++) if (ok(row, i)) { target = [row, i]; break; }
        break;
      case "End":
        for (let i = dayList.length - 1; i >= 0; i--) if (ok(row, i)) { target = [row, i]; break; }
        break;
      case "ContextMenu":
        e.preventDefault();
        {
          const cb = onMenuRef.current;
          if (typeof cb === "function") cb(cell.h, cell.d);
        }
        return;
      default:
        return;
    }
    e.preventDefault();
    if (!target) return;
    const [r, i] = target;
    moveFocus(r.id, i);
    const el = tableRef.current.querySelector(`button[data-h="${r.id}"][data-i="${i}"]`);
    if (el) el.focus();
  };

  return (
    <div
      id={id}
      ref={wrapRef}
      className={"tk-grid-wrap" + (dayList.length > 14 ? " tk-many" : "") + (className ? " " + className : "")}
    >
      <div className="tk-scroll" ref={scrollRef}>
        <div
          ref={tableRef}
          role="table"
          aria-label={tr(lang, "Habits by day")}
          aria-rowcount={rowList.length + 1}
          aria-colcount={dayList.length + 1}
          className="tk-grid"
          style={{ "--tk-cols": dayList.length }}
          onClick={onClick}
          onPointerDown={onPointerDown}
          onPointerOver={onPointerOver}
          onPointerMove={onPointerMove}
          onPointerUp={menu.cancel}
          onPointerCancel={menu.cancel}
          onContextMenu={onContextMenu}
          onKeyDown={onKeyDown}
          onFocus={onFocus}
        >
          <div role="rowgroup" className="tk-head">
            <div role="row" className="tk-tr tk-hrow">
              <div role="columnheader" className="tk-corner">
                <span className="tk-sr">{tr(lang, "Habit")}</span>
              </div>
              {dayList.map((x) => (
                <div
                  key={x.d}
                  role="columnheader"
                  className={"tk-day" + (x.we ? " tk-we" : "") + (x.today ? " tk-today" : "")}
                  title={x.d}
                  aria-current={x.today ? "date" : undefined}
                >
                  <span className="tk-dow">{x.dow}</span>
                  <span className="tk-dnum">{x.label}</span>
                </div>
              ))}
            </div>
          </div>
          <div role="rowgroup" className="tk-body">
            {items}
          </div>
        </div>
      </div>
      <Status store={store} />
    </div>
  );
}

// ---------------------------------------------------------------------------
// TickButtons (home page)
// ---------------------------------------------------------------------------

/** The button's accessible name: the whole sentence, in the reader's language. */
const buttonLabel = (lang, name, done, progress, streak) => {
  if (progress) {
    return done
      ? trn(lang, "{name}, done today, {progress}, streak {n} day", "{name}, done today, {progress}, streak {n} days",
          streak, { name, progress })
      : trn(lang, "{name}, not done today, {progress}, streak {n} day",
          "{name}, not done today, {progress}, streak {n} days", streak, { name, progress });
  }
  return done
    ? trn(lang, "{name}, done today, streak {n} day", "{name}, done today, streak {n} days", streak, { name })
    : trn(lang, "{name}, not done today, streak {n} day", "{name}, not done today, streak {n} days", streak, { name });
};

const HabitButton = memo(function HabitButton({ habit, today, store, lang }) {
  const id = habit.id;
  useSyncExternalStore(store.subscribe(id), () => store.ver(id), () => 0);
  const name = String(habit.name ?? "");
  const c = store.cell(id, today, habit.done ? "1" : "0");
  const done = c === "1";
  const streak = store.streak(id, habit.streak ?? 0);
  const progress = String(store.progress(id, habit.g || "") || "");
  let cls = "tk-btn" + (done ? " tk-on" : "") + (habit.due === false ? " tk-free" : "");
  if (store.pending(id, today)) cls += " tk-pend";
  if (store.flashing(id, today)) cls += " tk-rb";
  const label = buttonLabel(lang, name, done, progress, streak);
  return (
    <button
      type="button"
      className={cls}
      style={colorStyle(habit.color)}
      aria-label={label}
      aria-pressed={done ? "true" : "false"}
      data-h={id}
      data-c={c}
      data-m={habit.m ? "1" : undefined}
      title={name}
    >
      <span className="tk-check" aria-hidden="true">
        {done ? "✓" : ""}
      </span>
      <span className="tk-btn-name" dir="auto">
        {name}
      </span>
      {progress ? (
        <span className="tk-btn-detail tk-btn-prog" aria-hidden="true">
          {progress}
        </span>
      ) : null}
      {habit.detail ? (
        <span className="tk-btn-detail" aria-hidden="true">
          {String(habit.detail)}
        </span>
      ) : null}
      <span className="tk-btn-streak" aria-hidden="true">
        {trn(lang, "{n} day", "{n} days", streak)}
      </span>
    </button>
  );
});

/** "5 of 12 done today": the habits today asks for, as shown right now (presses included). */
/** A translated text with one <b>…</b> part shown bold (parsed here, never as HTML). */
const withBold = (text) => {
  const m = /^(.*?)<b>(.*?)<\/b>(.*)$/s.exec(text);
  return m ? [m[1], <strong key="b">{m[2]}</strong>, m[3]] : text;
};

const Summary = memo(function Summary({ store, list, day, lang }) {
  useStoreValue(store.allSubs, () => store.allVer, 0);
  const due = list.filter((x) => x && x.due !== false);
  const done = due.filter((x) => store.cell(x.id, day, x.done ? "1" : "0") === "1").length;
  if (!due.length) return null;
  return (
    <p className="tk-summary" aria-live="polite">
      {withBold(
        done === due.length
          ? tr(lang, "<b>{done} of {total}</b> done today — all done!", { done, total: due.length })
          : tr(lang, "<b>{done} of {total}</b> done today", { done, total: due.length }),
      )}
    </p>
  );
});

export function TickButtons({ habits, today, rev, patches, lang, onSet, onMenu, onResync, id, className }) {
  const list = Array.isArray(habits) ? habits : [];
  const store = useTickStore(rev, patches, onResync, habits, lang);
  const onSetRef = useLatest(onSet);
  const onMenuRef = useLatest(onMenu);
  const menu = useMenuGesture(store, onMenuRef);
  const day = typeof today === "string" ? today : "";
  useOfflineCopy("home", () => ({ rev, today: day, habits: list.map((x) => ({ ...x,
    done: store.cell(x.id, day, x.done ? "1" : "0") === "1" })) }), [habits, patches, day, rev]);
  const boxRef = useRef(null);

  const btnOf = (t) => {
    const b = t && t.closest ? t.closest("button[data-h]") : null;
    return b && boxRef.current && boxRef.current.contains(b) ? b : null;
  };

  const onClick = (e) => {
    const b = btnOf(e.target);
    if (!b || !day) return;
    if (menu.takeSuppress()) return;
    const h = Number(b.dataset.h);
    if (b.dataset.m) {
      const cb = onMenuRef.current;
      if (typeof cb === "function") cb(h, day);
      return;
    }
    const value = b.dataset.c === "1" ? "0" : "1";
    let req;
    flushSync(() => {
      req = store.press(h, day, value);
    });
    send(onSetRef.current, h, day, value, req);
  };
  const onPointerDown = (e) => {
    const b = btnOf(e.target);
    if (b) menu.start(e, Number(b.dataset.h), day);
  };
  const onContextMenu = (e) => {
    const b = btnOf(e.target);
    if (b) menu.contextMenu(e, Number(b.dataset.h), day);
  };

  // Habits today asks for first (in their groups), then those it does not, set apart like Loop's
  // greyed-out "not needed" days: still a press away, as a habit can be done on any day.
  const items = [];
  const due = list.filter((x) => x && x.due !== false);
  const free = list.filter((x) => x && x.due === false);
  const useGroups = due.some((x) => x.group);
  let prev = null;
  for (const x of due) {
    const g = x.group || "";
    if (useGroups && g !== prev) {
      prev = g;
      items.push(
        <h3 key={"g:" + g} className="tk-btn-grp" dir="auto">
          {g || tr(lang, "Other")}
        </h3>,
      );
    }
    items.push(<HabitButton key={x.id} habit={x} today={day} store={store} lang={lang} />);
  }
  if (free.length) {
    items.push(
      <h3 key="free" className="tk-btn-grp tk-free-grp">
        {tr(lang, "Not needed today")}
      </h3>,
    );
    for (const x of free) items.push(<HabitButton key={x.id} habit={x} today={day} store={store} lang={lang} />);
  }

  return (
    <div id={id} className={"tk-btns-wrap" + (className ? " " + className : "")}>
      <Summary store={store} list={list} day={day} lang={lang} />
      <div
        ref={boxRef}
        className="tk-btns"
        onClick={onClick}
        onPointerDown={onPointerDown}
        onPointerMove={menu.move}
        onPointerUp={menu.cancel}
        onPointerCancel={menu.cancel}
        onContextMenu={onContextMenu}
      >
        {items}
      </div>
      <Status store={store} />
    </div>
  );
}
