"""Draw easytrack's app icons (a white check on a grass-green square) with the standard library only.

    python deploy/make_icons.py      # writes assets/icons/*.png and assets/favicon.ico

PNG is written by hand (zlib + struct); shapes are signed distance fields, anti-aliased over one pixel.
"""

from __future__ import annotations

import math
import struct
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GRASS = (0x46, 0xA7, 0x58)  # Radix "grass" step 9, the app's accent colour
WHITE = (0xFF, 0xFF, 0xFF)
# The check: two strokes through these points, in units of the icon's side.
CHECK = ((0.27, 0.52), (0.43, 0.68), (0.74, 0.35))
STROKE = 0.085


def _segment_distance(px: float, py: float, a: tuple[float, float], b: tuple[float, float]) -> float:
    ax, ay, bx, by = *a, *b
    dx, dy = bx - ax, by - ay
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
    return math.hypot(px - ax - t * dx, py - ay - t * dy)


def _rounded_square_distance(px: float, py: float, radius: float) -> float:
    """Signed distance to the unit square with corner `radius` (negative inside)."""
    qx, qy = abs(px - 0.5) - 0.5 + radius, abs(py - 0.5) - 0.5 + radius
    return math.hypot(max(qx, 0.0), max(qy, 0.0)) + min(max(qx, qy), 0.0) - radius


def _cover(distance: float, pixel: float) -> float:
    """Coverage of a pixel whose centre is `distance` from an edge (negative: inside)."""
    return max(0.0, min(1.0, 0.5 - distance / pixel))


def render(size: int, *, maskable: bool = False) -> list[bytes]:
    """RGBA rows of the icon; maskable icons fill the square and keep the check in the safe zone."""
    pixel, scale = 1.0 / size, 0.8 if maskable else 1.0
    rows = []
    for y in range(size):
        row = bytearray()
        for x in range(size):
            u, v = (x + 0.5) * pixel, (y + 0.5) * pixel
            bg = 1.0 if maskable else _cover(_rounded_square_distance(u, v, 0.22), pixel)
            cu, cv = 0.5 + (u - 0.5) / scale, 0.5 + (v - 0.5) / scale
            d = min(_segment_distance(cu, cv, CHECK[0], CHECK[1]), _segment_distance(cu, cv, CHECK[1], CHECK[2]))
            ink = _cover((d - STROKE / 2) * scale, pixel) * bg
            rgb = [round(g * (1 - ink) + w * ink) for g, w in zip(GRASS, WHITE)]
            row += bytes((*rgb, round(255 * bg)))
        rows.append(bytes(row))
    return rows


def png(rows: list[bytes]) -> bytes:
    """A PNG file (8-bit RGBA, no filtering) holding `rows`."""
    height, width = len(rows), len(rows[0]) // 4

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    raw = b"".join(b"\x00" + row for row in rows)
    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


def ico(images: dict[int, bytes]) -> bytes:
    """A .ico file embedding PNG images (supported by every current browser), keyed by size."""
    out = struct.pack("<HHH", 0, 1, len(images))
    offset = 6 + 16 * len(images)
    for size, data in images.items():
        out += struct.pack("<BBBBHHII", size % 256, size % 256, 0, 0, 1, 32, len(data), offset)
        offset += len(data)
    return out + b"".join(images.values())


def main() -> None:
    icons = ROOT / "assets" / "icons"
    icons.mkdir(parents=True, exist_ok=True)
    for name, size, maskable in (("icon-192.png", 192, False), ("icon-512.png", 512, False),
                                 ("icon-maskable-192.png", 192, True), ("icon-maskable-512.png", 512, True),
                                 ("apple-touch-icon.png", 180, True)):
        (icons / name).write_bytes(png(render(size, maskable=maskable)))
    (ROOT / "assets" / "favicon.ico").write_bytes(ico({size: png(render(size)) for size in (16, 32, 48)}))


if __name__ == "__main__":
    main()
