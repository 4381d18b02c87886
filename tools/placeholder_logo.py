#!/usr/bin/env python3
"""Draws the demo's placeholder logo: a green leaf in a ring, 600x600 px RGB PNG.

It is nobody's logo. Needs only the standard library (zlib, struct).
Run from the project root: python3 tools/placeholder_logo.py
"""
import struct
import zlib

N = 600


def pixel(x, y):
    cx, cy = x - N / 2, y - N / 2
    r = (cx * cx + cy * cy) ** 0.5
    if 250 <= r <= 290:
        return (20, 120, 60)
    # A leaf: two circles' intersection.
    a = ((x - 220) ** 2 + (y - 300) ** 2) ** 0.5 < 170
    b = ((x - 380) ** 2 + (y - 300) ** 2) ** 0.5 < 170
    if a and b:
        return (40, 160, 70)
    return (255, 255, 255)


rows = b"".join(b"\0" + bytes(c for x in range(N) for c in pixel(x, y)) for y in range(N))


def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", N, N, 8, 2, 0, 0, 0))
png += chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b"")
open("examples/demo-ru/logo.png", "wb").write(png)
