"""Live updates between tabs: a press in one tab -> the same button flips in another tab of the same user.

Examples (from the repository root, with the venv's python):

    python -m bench.live_tabs                          # its own app (SQLite, 1 worker), 20 presses
    python -m bench.live_tabs --presses 20 --interval 1 --json
    python -m bench.live_tabs --workers 2 --redis-url redis://127.0.0.1:6379/0   # two workers, Redis

One seeded user (bench.common) with 40 daily habits and a year of history; tab A and tab B (one browser context, so one
session) both show `/`. Tab A's button is pressed with the real mouse; the time runs from the click
(wall clock, `performance.timeOrigin + performance.now()` in tab A) to tab B's MutationObserver seeing
the same button's `aria-pressed` flip (same clock, in tab B). No thresholds: docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import os
import sys

from bench import common
from bench.ui_latency import GRID_CELLS, HOME_BUTTONS, PAGE_HOOK, open_page, seed, session_script

# Tab B: wall-clock times of every aria-pressed flip of the watched button.
WATCH = r"""
(sel) => {
  const b = document.querySelector(sel);
  window.__flips = [];
  new MutationObserver(() => window.__flips.push(performance.timeOrigin + performance.now()))
    .observe(b, { attributes: true, attributeFilter: ['aria-pressed'] });
}
"""
CLICK_AT = "() => { window.__clicks = window.__clicks || []; document.addEventListener('click', " \
           "() => window.__clicks.push(performance.timeOrigin + performance.now()), {capture: true, once: true}); }"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m bench.live_tabs", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--presses", type=int, default=20, help="presses in tab A (default %(default)s)")
    p.add_argument("--interval", type=float, default=1.0, help="seconds between presses (default %(default)s)")
    p.add_argument("--workers", type=int, default=1, help="backend workers (more than 1 needs --redis-url)")
    p.add_argument("--redis-url", help="Redis for Reflex's state (REFLEX_REDIS_URL)")
    p.add_argument("--pages", default="home,home",
                   help="the pages of tab A and tab B: home or grid each (default %(default)s)")
    p.add_argument("--json", action="store_true", help="also print a one-line JSON summary (last line)")
    args = p.parse_args(argv)
    args.pages = [x.strip() for x in args.pages.split(",")]
    if len(args.pages) != 2 or set(args.pages) - {"home", "grid"}:
        p.error("--pages: two of home, grid, e.g. grid,home")
    return args


def _selector(page: str, habit_id: int, today: str) -> tuple[str, str]:
    if page == "grid":
        return "/grid", f"{GRID_CELLS}[data-h='{habit_id}'][data-d='{today}']"
    return "/", f"{HOME_BUTTONS}[data-h='{habit_id}']"


def measure(base_url: str, db_url: str, presses: int, interval: float, pages: list[str]) -> list[float]:
    from playwright.sync_api import sync_playwright

    from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS

    engine = common.make_engine(db_url)
    user, today = seed(engine, 40, 365)
    engine.dispose()
    (path_a, sel_a), (path_b, sel_b) = (_selector(p, user.habit_ids[3], today.isoformat()) for p in pages)
    lags = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            ctx = browser.new_context(viewport={"width": 1280, "height": 900})
            ctx.add_init_script(session_script(user.token))
            ctx.add_init_script(PAGE_HOOK)
            a = open_page(ctx, base_url, path_a, sel_a)
            b = open_page(ctx, base_url, "/grid", GRID_CELLS)  # tab B has both pages loaded in its state
            b.goto(base_url + path_b)
            b.wait_for_selector(sel_b)
            b.wait_for_timeout(500)
            b.evaluate(WATCH, sel_b)
            box = a.locator(sel_a).bounding_box()
            for i in range(presses):
                a.evaluate(CLICK_AT)
                a.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
                b.wait_for_function(f"() => window.__flips.length > {i}", timeout=10_000)
                lags.append(b.evaluate(f"window.__flips[{i}]") - a.evaluate(f"window.__clicks[{i}]"))
                a.wait_for_timeout(interval * 1000)
        finally:
            browser.close()
    return lags


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    db = common.fresh_database("postgres" if args.redis_url else "sqlite")
    app = None
    try:
        app = common.start_app(db, workers=args.workers, redis_url=args.redis_url, log_name="app-live.log",
                               extra_env={"REFLEX_WEB_WORKDIR": str(common.ROOT / ".web-bench-ui")})
        lags = sorted(measure(app.base_url, db.url, args.presses, args.interval, args.pages))
    finally:
        if app is not None:
            app.stop()
        db.drop()
    summary = {"pages": args.pages, "presses": len(lags), "workers": args.workers, "redis": bool(args.redis_url),
               "p50_ms": round(common.percentile(lags, 50), 1), "p95_ms": round(common.percentile(lags, 95), 1),
               "max_ms": round(lags[-1], 1), "loadavg_1m": round(os.getloadavg()[0], 2)}
    print(f"tab A ({args.pages[0]}) click -> tab B ({args.pages[1]}) flip "
          f"({summary['workers']} worker(s), redis={summary['redis']}): "
          f"p50 {summary['p50_ms']} ms  p95 {summary['p95_ms']} ms  max {summary['max_ms']} ms "
          f"(n={len(lags)}; load {summary['loadavg_1m']} on {os.cpu_count()} cores)")
    if args.json:
        print(json.dumps(summary, separators=(",", ":")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
