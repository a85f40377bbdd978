"""The container image: build time (cold, warm, after a code change), size, and cold-start time.

    python -m bench.image [--cold] [--starts 5] [--tag easytrack:bench]

--cold first deletes the local base image (easytrack-base:*, made by debootstrap) and BuildKit's whole
build cache, so the first build pays for everything a fresh CI machine pays for (the Docker daemon's
other images are left alone). The build is scripts/build-image.sh of the committed tree (git archive of
HEAD); "after a code change" appends a comment to easytrack/__init__.py in that copy. Cold start: a
new container on an empty volume (SQLite, migrations included) until /health and /login/ answer 200.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import tempfile
import time
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "build-image.sh"


def docker(*args: str, check: bool = True) -> str:
    return subprocess.run(["docker", *args], capture_output=True, text=True, check=check).stdout


def timed(*command: str) -> float:
    started = time.monotonic()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.monotonic() - started


def mb(tag: str) -> float:
    return int(docker("image", "inspect", "-f", "{{.Size}}", tag).strip()) / 1e6


def _ok(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=1) as response:
            return response.status == 200
    except OSError:
        return False


def cold_start(tag: str, port: int) -> float:
    """Seconds from `docker run` to /health and /login/ answering 200, on a fresh volume."""
    name, volume = f"easytrack-bench-{uuid.uuid4().hex[:8]}", f"easytrack-bench-{uuid.uuid4().hex[:8]}"
    started = time.monotonic()
    docker("run", "-d", "--init", "--network", "host", "--name", name, "-e", f"PORT={port}", "-v",
           f"{volume}:/data", tag)
    try:
        while not (_ok(f"http://127.0.0.1:{port}/health") and _ok(f"http://127.0.0.1:{port}/login/")):
            if time.monotonic() - started > 120:
                raise RuntimeError(docker("logs", name))
            time.sleep(0.05)
        return time.monotonic() - started
    finally:
        docker("rm", "-f", "-v", name, check=False)
        docker("volume", "rm", "-f", volume, check=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cold", action="store_true", help="delete the base image and the build cache first")
    parser.add_argument("--starts", type=int, default=5)
    parser.add_argument("--tag", default="easytrack:bench")
    parser.add_argument("--port", type=int, default=3990)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tree = Path(tmp) / "tree"
        tree.mkdir()
        subprocess.run(f"git archive HEAD | tar -x -C '{tree}'", shell=True, cwd=ROOT, check=True)
        if args.cold:
            for base in docker("images", "-q", "easytrack-base").split():
                docker("rmi", "-f", base, check=False)
            docker("rmi", "-f", args.tag, check=False)
            docker("builder", "prune", "-af")
            base_s = timed(str(SCRIPT), "--print-base")
            print(f"base image (debootstrap + import, or pull): {base_s:.0f} s")
        build = [str(SCRIPT), "-t", args.tag, "--context", str(tree)]
        print(f"build {'cold' if args.cold else 'as the cache stands'}: {timed(*build):.0f} s")
        print(f"build again, nothing changed: {timed(*build):.1f} s")
        with open(tree / "easytrack" / "__init__.py", "a") as fh:
            fh.write("# bench: a code change\n")
        print(f"build after a code change: {timed(*build):.0f} s")
    base = subprocess.run([str(SCRIPT), "--print-base"], capture_output=True, text=True, check=True).stdout.strip()
    print(f"image {args.tag}: {mb(args.tag):.0f} MB; its base {base}: {mb(base):.0f} MB; "
          f"easytrack's layers: {mb(args.tag) - mb(base):.0f} MB")
    print(docker("history", "--format", "  {{.Size}}\t{{.CreatedBy}}", args.tag)[:2000])
    starts = [cold_start(args.tag, args.port) for _ in range(args.starts)]
    print(f"cold start to /health 200 (fresh SQLite volume, {len(starts)} runs): median "
          f"{statistics.median(starts):.1f} s, min {min(starts):.1f}, max {max(starts):.1f}")
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
