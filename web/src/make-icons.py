#!/usr/bin/env python3
"""Draw Oversight's icons: a white ring (an "O") on GOV.UK black.

Oversight is not a service on GOV.UK, so it may not use GOV.UK Frontend's
icons: every one of them (favicon.ico, favicon.svg, govuk-icon-*.png) is the
GOV.UK crown. These neutral icons replace them.

The outputs in images/ are committed; run this only to change the design:
    python3 web/src/make-icons.py
It needs only the Python standard library, and its output is byte-for-byte
reproducible (PNG has no timestamp here).
"""
import os
import struct
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, 'images')

BG = (0x0b, 0x0c, 0x0c)      # $govuk-colour("black")
FG = (0xff, 0xff, 0xff)
# The ring, as fractions of the icon's side: the same shape as favicon.svg
# (viewBox 32: r=9, stroke-width 4.5, so radii 6.75 and 11.25).
R_IN, R_OUT = 6.75 / 32, 11.25 / 32
SVG = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">'
       '<path fill="#0b0c0c" d="M0 0h32v32H0z"/>'
       '<circle cx="16" cy="16" r="9" fill="none" stroke="#fff" stroke-width="4.5"/>'
       '</svg>\n')


def raster(size, ss=4):
    """RGB rows of the icon at size x size, anti-aliased by ss x ss samples."""
    rows = []
    c = size / 2
    rin, rout = R_IN * size, R_OUT * size
    for y in range(size):
        row = bytearray()
        for x in range(size):
            hit = 0
            for sy in range(ss):
                for sx in range(ss):
                    dx = x + (sx + 0.5) / ss - c
                    dy = y + (sy + 0.5) / ss - c
                    d2 = dx * dx + dy * dy
                    hit += rin * rin <= d2 <= rout * rout
            a = hit / (ss * ss)
            row += bytes(round(b + (f - b) * a) for b, f in zip(BG, FG))
        rows.append(bytes(row))
    return rows


def png(size):
    def chunk(kind, data):
        return (struct.pack('>I', len(data)) + kind + data
                + struct.pack('>I', zlib.crc32(kind + data) & 0xffffffff))
    raw = b''.join(b'\0' + r for r in raster(size))
    return (b'\x89PNG\r\n\x1a\n'
            + chunk(b'IHDR', struct.pack('>IIBBBBB', size, size, 8, 2, 0, 0, 0))
            + chunk(b'IDAT', zlib.compress(raw, 9))
            + chunk(b'IEND', b''))


def ico(sizes):
    """An ICO holding PNG images, which every current browser reads."""
    images = [png(s) for s in sizes]
    out = struct.pack('<HHH', 0, 1, len(images))
    offset = 6 + 16 * len(images)
    for s, data in zip(sizes, images):
        out += struct.pack('<BBBBHHII', s % 256, s % 256, 0, 0, 1, 32,
                           len(data), offset)
        offset += len(data)
    return out + b''.join(images)


def write(name, data):
    with open(os.path.join(OUT, name), 'wb') as f:
        f.write(data)


os.makedirs(OUT, exist_ok=True)
write('favicon.svg', SVG.encode())
write('favicon.ico', ico([16, 32, 48]))
for s in (180, 192, 512):
    write(f'icon-{s}.png', png(s))
