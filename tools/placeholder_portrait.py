#!/usr/bin/env python3
"""Draws the example's placeholder portrait: a neutral silhouette, 1200x1500 px, 300 ppi JPEG.

It is not a photo of anyone. Run from the project root: python3 tools/placeholder_portrait.py
(needs Pillow). The output is committed, so the example needs nothing installed.
"""
from PIL import Image, ImageDraw, ImageFilter

W, H = 1200, 1500
img = Image.new("RGB", (W, H))
px = img.load()
for y in range(H):  # soft vertical studio-style gradient
    t = y / H
    c = (int(196 - 40 * t), int(205 - 38 * t), int(214 - 30 * t))
    for x in range(W):
        px[x, y] = c
d = ImageDraw.Draw(img)
body = (70, 78, 92)
d.ellipse((150, 1030, 1050, 1900), fill=body)               # shoulders
d.rounded_rectangle((505, 820, 695, 1120), 60, fill=(84, 92, 106))  # neck
d.ellipse((390, 330, 810, 880), fill=(96, 104, 118))         # head
d.ellipse((370, 290, 830, 640), fill=(58, 64, 76))           # hair
img = img.filter(ImageFilter.GaussianBlur(2))
d = ImageDraw.Draw(img)
d.text((40, 1450), "PLACEHOLDER PORTRAIT - not a photograph", fill=(230, 230, 230))
img.save("examples/bazeyan/portrait.jpg", "JPEG", quality=88, dpi=(300, 300), optimize=True)
