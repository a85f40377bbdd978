"""Browser latency of an instant tick: click -> DOM updated, and the websocket round trip, in headless Chromium.

Examples (from the repository root, with the venv's python):

    python -m bench.ui_latency                      # starts its own app (SQLite, .web-bench-ui/), 40 presses
    python -m bench.ui_latency --presses 40 --interval 0.5 --json
    python -m bench.ui_latency --url http://localhost:3000 --db-url sqlite:///data/easytrack.db --presses 6
    python -m bench.ui_latency --trace /tmp/ticks-trace.json   # also record a Chromium trace of the grid run

A user with 50 daily habits and a month of random "done" history is written straight into the app's
database (with a session from accounts.create_session, put into the page's LocalStorage key
`easytrack_session` before the first navigation). Then, on `/`, one habit's button is pressed
`--presses` times `--interval` s apart (so it alternates done / not done), and the same on `/grid` for
one cell. Presses are real mouse input (`page.mouse.click` at the element's centre; Playwright's
`locator.click` runs its own scripts in the page and adds ~10 ms).

Measured inside the page with performance.now():
  * click -> DOM: a capture-phase `click` listener on document, to a MutationObserver seeing the pressed
    button's `aria-pressed` flip;
  * websocket round trip: a hooked `WebSocket` timestamps the frame carrying `.set_cell` and the first
    Socket.IO event frame back (`42/_event,["event",...`); that frame's size is "delta bytes per tick".

Finally the database is read back: every button on each page (all 50 home buttons, every grid cell)
must show in `aria-pressed` what the server stored (a "done" check-in or none). Exit status 1 on any
mismatch or a press that was never measured, 0 otherwise. No timing thresholds are applied here: the
targets and figures are in docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from datetime import date

from bench import common

HOME_BUTTONS = ".tk-btns button[data-h]"
GRID_CELLS = ".tk-grid button[data-d]"

# Installed before any page script runs: hooks WebSocket and the click -> aria-pressed measurement.
PAGE_HOOK = r"""
(() => {
  if (window.__ws) return;
  const Orig = window.WebSocket;
  const W = (window.__ws = { ticks: [], open: null, connected: false, closed: 0, sock: null });
  const enc = new TextEncoder();
  class HookWS extends Orig {
    constructor(...a) {
      super(...a);
      W.sock = this;
      this.addEventListener('message', (ev) => {
        const t = performance.now();
        if (typeof ev.data !== 'string') return;
        if (ev.data.startsWith('40/_event')) W.connected = true;
        if (ev.data.startsWith('42/_event,["event"') && W.open) {
          W.open.back = t;
          W.open.bytes = enc.encode(ev.data).length;
          W.ticks.push(W.open);
          W.open = null;
        }
      });
      this.addEventListener('close', () => { W.connected = false; W.closed++; });
    }
    send(data) {
      if (typeof data === 'string' && data.includes('.set_cell')) {
        W.lastSetCell = data;
        if (!W.open) W.open = { out: performance.now() };
      }
      return super.send(data);
    }
  }
  window.WebSocket = HookWS;
  const M = (window.__m = { pending: null, res: [] });
  document.addEventListener('click', (e) => {
    const b = e.target.closest && e.target.closest('button[aria-pressed]');
    if (b) M.pending = { t: performance.now(), el: b, was: b.getAttribute('aria-pressed') };
  }, true);
  const start = () => new MutationObserver((recs) => {
    const p = M.pending;
    if (!p) return;
    const now = performance.now();
    for (const r of recs) {
      if (r.target === p.el && p.el.getAttribute('aria-pressed') !== p.was) {
        M.res.push(now - p.t);
        M.pending = null;
        break;
      }
    }
  }).observe(document, { subtree: true, attributes: true, attributeFilter: ['aria-pressed'] });
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start); else start();
})();
"""

# [habit id, day or null, data-c, aria-pressed] of every button matching the selector.
DOM_STATE = r"""
(sel) => Array.from(document.querySelectorAll(sel)).map(b => [Number(b.dataset.h), b.dataset.d || null,
  b.dataset.c, b.getAttribute('aria-pressed')])
"""


def session_script(token: str) -> str:
    """Init script: the session token in LocalStorage (only if absent, so a logout would stick)."""
    return (f"try {{ if (!localStorage.getItem('easytrack_session')) "
            f"localStorage.setItem('easytrack_session', {json.dumps(token)}); }} catch (e) {{}}")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m bench.ui_latency", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--url", help="an already running app, e.g. http://localhost:3000 (needs --db-url); "
                                 "default: start one on a fresh SQLite database")
    p.add_argument("--db-url", help="with --url: the database that app uses (the user is seeded into it)")
    p.add_argument("--habits", type=int, default=50, help="habits of the seeded user (default %(default)s)")
    p.add_argument("--history", type=int, default=31,
                   help="days of random 'done' history per habit, up to today (default %(default)s)")
    p.add_argument("--presses", type=int, default=40, help="presses per target (default %(default)s)")
    p.add_argument("--interval", type=float, default=0.5, help="seconds between presses (default %(default)s)")
    p.add_argument("--targets", default="home,grid", help="comma-separated: home, grid (default %(default)s)")
    p.add_argument("--trace", metavar="PATH", help="record a Chromium performance trace of the grid run to PATH")
    p.add_argument("--locale", default="en-US",
                   help="the browser's language (Accept-Language, navigator.language), e.g. ru-RU (default %(default)s)")
    p.add_argument("--headed", action="store_true", help="show the browser (debugging)")
    p.add_argument("--json", action="store_true", help="also print a one-line JSON summary (last line)")
    args = p.parse_args(argv)
    if args.url and not args.db_url:
        p.error("--url needs --db-url (the database the running app uses)")
    if args.presses < 1 or args.interval < 0 or args.habits < 13:
        p.error("--presses >= 1, --interval >= 0 and --habits >= 13 please")
    targets = [t.strip() for t in args.targets.split(",") if t.strip()]
    if not targets or set(targets) - {"home", "grid"}:
        p.error("--targets: home and/or grid")
    args.targets = targets
    return args


# ---------------------------------------------------------------------------------------------- seeding

def seed(engine, habits: int, history: int) -> tuple[common.SeededUser, date]:
    """One user (UTC) with `habits` daily habits, ~60 % of the last `history` days done, and a session."""
    today = common.utcnow().date()
    user = common.seed_users(engine, 1, habits, prefix=f"ui-{os.getpid()}-{int(time.time())}")[0]
    if history:
        common.seed_history(engine, list(user.habit_ids), days=history, today=today, seed=user.user_id)
    return user, today


def done_cells(engine, habit_ids) -> set[tuple[int, str]]:
    """(habit id, day) of every "done" check-in of these habits, as the server stores them."""
    from sqlalchemy import select

    from easytrack.models import CheckIn

    t = CheckIn.__table__
    with engine.connect() as conn:
        rows = conn.execute(select(t.c.habit_id, t.c.day, t.c.state).where(t.c.habit_id.in_(list(habit_ids))))
        return {(r.habit_id, r.day.isoformat()) for r in rows if r.state == "done"}


def compare(dom: list, stored: set[tuple[int, str]], today: str) -> list[str]:
    """Mismatches between the page's buttons and the database: a button is pressed iff its cell is done."""
    bad = []
    for h, d, c, pressed in dom:
        want = (h, d or today) in stored
        if (pressed == "true") != want:
            bad.append(f"habit {h} day {d or today}: page aria-pressed={pressed} data-c={c}, "
                       f"database {'done' if want else 'not done'}")
    return bad


# ---------------------------------------------------------------------------------------------- browser

def open_page(ctx, base_url: str, path: str, selector: str):
    page = ctx.new_page()
    page.goto(base_url + path)
    page.wait_for_function("() => window.__ws && window.__ws.connected", timeout=60_000)
    page.wait_for_selector(selector, timeout=60_000)
    page.wait_for_timeout(500)  # hydration's follow-up frames, fonts
    return page


def settle(page, timeout_s: float = 20.0) -> None:
    """Wait until no press is pending (every press answered) and the last answer is in."""
    page.wait_for_function("() => !document.querySelector('.tk-pend') && window.__ws && !window.__ws.open",
                           timeout=timeout_s * 1000)
    page.wait_for_timeout(300)


def press_series(page, selector: str, presses: int, interval: float) -> dict:
    """Press one element `presses` times with the real mouse; returns the samples measured in the page."""
    page.evaluate("window.__m.res = []; window.__m.pending = null; window.__ws.ticks = []; window.__ws.open = null")
    target = page.locator(selector).first
    target.scroll_into_view_if_needed()
    page.wait_for_timeout(200)
    box = target.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    info = page.evaluate(f"(() => {{ const b = document.querySelector({json.dumps(selector)}); "
                         "return {h: Number(b.dataset.h), d: b.dataset.d || null, before: b.getAttribute('aria-pressed')}; })()")
    for i in range(presses):
        page.mouse.click(x, y)
        if i < presses - 1:
            page.wait_for_timeout(interval * 1000)
    settle(page)
    dom_ms = page.evaluate("window.__m.res")
    ticks = page.evaluate("window.__ws.ticks.map(t => ({rt: t.back - t.out, bytes: t.bytes}))")
    info["after"] = page.evaluate(f"document.querySelector({json.dumps(selector)}).getAttribute('aria-pressed')")
    return {"target": info, "dom_ms": dom_ms, "rt_ms": [t["rt"] for t in ticks], "bytes": [t["bytes"] for t in ticks]}


def _stats(values: list[float], digits: int = 2) -> dict:
    s = sorted(values)
    if not s:
        return {"n": 0}
    return {"n": len(s), "p50": round(common.percentile(s, 50), digits), "p95": round(common.percentile(s, 95), digits),
            "max": round(s[-1], digits)}


def run(args: argparse.Namespace, *, base_url: str, db_url: str) -> dict:
    from playwright.sync_api import sync_playwright

    from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS

    engine = common.make_engine(db_url)
    summary: dict = {"habits": args.habits, "history_days": args.history, "presses": args.presses,
                     "interval_s": args.interval, "mismatches": 0, "mismatch_samples": [], "unmeasured": 0}
    try:
        user, today = seed(engine, args.habits, args.history)
        iso = today.isoformat()
        home_habit, grid_habit = user.habit_ids[6], user.habit_ids[11]
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=not args.headed)
            try:
                ctx = browser.new_context(viewport={"width": 1280, "height": 900}, locale=args.locale)
                ctx.add_init_script(session_script(user.token))
                ctx.add_init_script(PAGE_HOOK)
                for name in args.targets:
                    path, all_sel = ("/", HOME_BUTTONS) if name == "home" else ("/grid", GRID_CELLS)
                    sel = (f"{HOME_BUTTONS}[data-h='{home_habit}']" if name == "home"
                           else f"{GRID_CELLS}[data-h='{grid_habit}'][data-d='{iso}']")
                    opened = time.perf_counter()
                    page = open_page(ctx, base_url, path, sel)
                    open_ms = (time.perf_counter() - opened) * 1000
                    tracing = bool(args.trace and name == "grid")
                    if tracing:
                        browser.start_tracing(page=page, path=args.trace, screenshots=False,
                                              categories=["devtools.timeline", "v8.execute", "blink",
                                                          "disabled-by-default-devtools.timeline"])
                    try:
                        res = press_series(page, sel, args.presses, args.interval)
                    finally:
                        if tracing:
                            browser.stop_tracing()
                    dom = page.evaluate(DOM_STATE, all_sel)
                    bad = compare(dom, done_cells(engine, user.habit_ids), iso)
                    summary[name] = {
                        "target": res["target"], "checked": len(dom), "mismatches": len(bad),
                        "open_ms": round(open_ms, 1), "lang": page.evaluate("document.documentElement.lang"),
                        "click_dom_ms": _stats(res["dom_ms"]), "ws_rt_ms": _stats(res["rt_ms"]),
                        "delta_bytes": _stats(res["bytes"], 0),
                        # In press order, for spotting warm-up or periodic outliers.
                        "click_dom_each_ms": [round(v, 1) for v in res["dom_ms"]],
                        "ws_rt_each_ms": [round(v, 1) for v in res["rt_ms"]],
                    }
                    summary["mismatches"] += len(bad) + (0 if dom else 1)
                    summary["mismatch_samples"] += [f"{name}: {b}" for b in bad[:5]]
                    if not dom:
                        summary["mismatch_samples"].append(f"{name}: no buttons on the page")
                    summary["unmeasured"] += args.presses - len(res["dom_ms"])
                    page.close()  # one tab at a time: another open tab of the user would get live patches too
                ctx.close()
            finally:
                browser.close()
    finally:
        engine.dispose()
    return summary


def report(summary: dict) -> str:
    lines = [f"user: {summary['habits']} habits, {summary['history_days']} days of history; "
             f"{summary['presses']} presses {summary['interval_s']:g} s apart per target"]
    for name in ("home", "grid"):
        r = summary.get(name)
        if not r:
            continue
        t = r["target"]
        label = "home button" if name == "home" else "grid cell"
        c, w, b = r["click_dom_ms"], r["ws_rt_ms"], r["delta_bytes"]
        lines += [
            f"{label} (habit {t['h']}{' day ' + t['d'] if t.get('d') else ''}): {c['n']} measured",
            f"  page open        {r.get('open_ms')} ms (navigation to the button visible), language {r.get('lang')}",
            f"  click -> DOM     p50 {c.get('p50')} ms  p95 {c.get('p95')} ms  max {c.get('max')} ms",
            f"  ws round trip    p50 {w.get('p50')} ms  p95 {w.get('p95')} ms  max {w.get('max')} ms (n={w['n']})",
            f"  delta bytes/tick p50 {b.get('p50')} B  max {b.get('max')} B",
            f"  page == server   {r['checked']} buttons checked, {r['mismatches']} mismatches",
        ]
    lines.append(f"1-min load average {summary.get('loadavg_1m')} on {os.cpu_count()} cores")
    lines += [f"  MISMATCH {s}" for s in summary.get("mismatch_samples", [])]
    if summary.get("unmeasured"):
        lines.append(f"  {summary['unmeasured']} presses without a measured DOM flip")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    db = app = None
    try:
        if args.url:
            base_url, db_url = args.url.rstrip("/"), args.db_url
        else:
            db = common.fresh_database("sqlite")
            app = common.start_app(db, log_name="app-ui.log",
                                   extra_env={"REFLEX_WEB_WORKDIR": str(common.ROOT / ".web-bench-ui")})
            base_url, db_url = app.base_url, db.url
        summary = run(args, base_url=base_url, db_url=db_url)
    finally:
        if app is not None:
            app.stop()
        if db is not None:
            db.drop()
    summary.update(target="url" if args.url else "sqlite", loadavg_1m=round(os.getloadavg()[0], 2))
    print(report(summary))
    if args.json:
        print(json.dumps(summary, separators=(",", ":")))
    return 1 if summary["mismatches"] or summary["unmeasured"] else 0


if __name__ == "__main__":
    sys.exit(main())
