#!/usr/bin/python3
"""Writes pool/testdata/golden/picture.json: golden vectors for the picture
options, alpha "premultiplied" and colorSpace "linear", on RGBA bytes.

    /usr/bin/python3 tools/gen_picture_golden.py [output directory]

No tensor library defines these options, so this is a second, independent
implementation of them with numpy and exact integer arithmetic, written from
the definitions:

- alpha "premultiplied" (op avg): each colour is sum(c*a) / sum(a) over the
  window's input pixels, rounded half to even, and 0 where sum(a) == 0; alpha
  is the plain mean, sum(a) / divisor, rounded half to even.
- colorSpace "linear": each colour byte is decoded with the exact
  IEC 61966-2-1 transfer function, the mean is taken in linear light (weighted
  by alpha when alpha is premultiplied too) and encoded back with the exact
  inverse, rounded half to even; alpha is never gamma-coded. Max and min are
  unchanged by it, since the transfer function is monotonic.
- The divisor is that of the plain mean: with padding and countIncludePad the
  padded cells count, as transparent black.

The window geometry is PyTorch's (with TensorFlow's SAME), written again here
so that nothing is shared with the Go code or the torch script. Cases whose
linear-light result lies within 1e-7 of a rounding tie are not written, since
two correct float64 implementations could round them apart.
"""

import json
import os
import sys
from fractions import Fraction

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT_DIR = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "pool", "testdata", "golden")


def axis(n, k, s, pad, d, ceil, same):
    """Per output cell: (input cells read, divisor along this axis), or None
    when a window covers no input cell."""
    eff = (k - 1) * d + 1
    if same:
        out = -(-n // s)
        total = max((out - 1) * s + eff - n, 0)
        before, after = total // 2, total - total // 2
    else:
        span = n + 2 * pad - eff
        if span < 0:
            return None
        out = span // s + 1
        if ceil and span % s:
            out += 1
            if (out - 1) * s >= n + pad:
                out -= 1
        before = after = pad
    wins = []
    for o in range(out):
        taps = [o * s - before + i * d for i in range(k)]
        real = [t for t in taps if 0 <= t < n]
        if not real:
            return None
        counted = len(real) if same else None
        wins.append((real, counted, sum(1 for t in taps if t < n + after)))
    return wins


def divisor(win, cip):
    real, same_count, with_pad = win
    if same_count is not None or not cip:
        return len(real)
    return with_pad


def round_half_even(q):
    """Rounds a Fraction to the nearest integer, ties to even."""
    f = q.numerator // q.denominator
    r = q - f
    if r > Fraction(1, 2) or (r == Fraction(1, 2) and f % 2 == 1):
        f += 1
    return f


def decode(byte):
    u = byte / 255.0
    return u / 12.92 if u <= 0.04045 else ((u + 0.055) / 1.055) ** 2.4


DECODE = np.array([decode(b) for b in range(256)])


class NearTie(Exception):
    pass


def encode(lin):
    v = 12.92 * lin if lin <= 0.0031308 else 1.055 * lin ** (1 / 2.4) - 0.055
    v *= 255
    if abs(v - np.floor(v) - 0.5) < 1e-7:
        raise NearTie()
    return int(min(255, max(0, np.round(v))))  # numpy rounds half to even


def pool_picture(px, o):
    """px: uint8 [H, W, 4]. o: the JS options. Returns uint8 [oh, ow, 4]."""
    h, w = px.shape[:2]
    k, s = o["kernel"], o.get("stride", o["kernel"])
    d = o.get("dilation", [1, 1])
    same = o.get("padding") == "same"
    pad = o["padding"] if isinstance(o.get("padding"), list) else [0, 0]
    ceil = o.get("ceilMode", False)
    cip = o.get("countIncludePad", True)
    premul = o.get("alpha", "straight") == "premultiplied"
    linear = o.get("colorSpace", "srgb") == "linear"
    rows = axis(h, k[0], s[0], pad[0], d[0], ceil, same)
    cols = axis(w, k[1], s[1], pad[1], d[1], ceil, same)
    if rows is None or cols is None:
        return None
    out = np.zeros((len(rows), len(cols), 4), np.uint8)
    for oy, wy in enumerate(rows):
        for ox, wx in enumerate(cols):
            cells = px[np.ix_(wy[0], wx[0])].reshape(-1, 4).astype(np.int64)
            if o["op"] in ("max", "min"):
                out[oy, ox] = cells.max(0) if o["op"] == "max" else cells.min(0)
                continue
            div = divisor(wy, cip) * divisor(wx, cip)
            a = cells[:, 3]
            asum = int(a.sum())
            out[oy, ox, 3] = round_half_even(Fraction(asum, div))
            for c in range(3):
                v = cells[:, c]
                if premul and asum == 0:
                    res = 0
                elif linear and premul:
                    res = encode(float(np.sum(DECODE[v] * a)) / asum)
                elif linear:
                    res = encode(float(np.sum(DECODE[v])) / div)
                elif premul:
                    res = round_half_even(Fraction(int(np.sum(v * a)), asum))
                else:
                    res = round_half_even(Fraction(int(v.sum()), div))
                out[oy, ox, c] = res
    return out


def picture(rng, kind, h, w):
    if kind == "random":
        return rng.integers(0, 256, (h, w, 4), dtype=np.uint8)
    if kind == "alpha-holes":  # random colours, alpha mostly 0 or 255
        px = rng.integers(0, 256, (h, w, 4), dtype=np.uint8)
        px[..., 3] = rng.choice([0, 0, 255, 255, 128, int(rng.integers(1, 255))], (h, w))
        return px
    if kind == "gradient":
        y, x = np.mgrid[0:h, 0:w]
        r = x * 255 // max(1, w - 1)
        g = y * 255 // max(1, h - 1)
        b = (x + y) * 255 // max(1, h + w - 2)
        a = (x * 255 // max(1, w - 1) + y * 37) % 256
        return np.stack([r, g, b, a], -1).astype(np.uint8)
    if kind == "checker":
        y, x = np.mgrid[0:h, 0:w]
        px = np.zeros((h, w, 4), np.uint8)
        on = ((x + y) % 2).astype(bool)
        px[on] = (255, 255, 255, 255)
        px[~on] = (0, 0, 0, 255)
        return px
    if kind == "sprite":  # an opaque shape on transparent black
        y, x = np.mgrid[0:h, 0:w]
        px = np.zeros((h, w, 4), np.uint8)
        inside = (y - h / 2) ** 2 + (x - w / 2) ** 2 < (min(h, w) / 3) ** 2
        px[inside] = (230, 40, 90, 255)
        return px
    raise ValueError(kind)


def case(name, opts, px, out):
    h, w = px.shape[:2]
    return {"name": name, "call": "pool", "options": opts,
            "input": {"width": w, "height": h, "data": [int(v) for v in px.reshape(-1)]},
            "output": {"width": out.shape[1], "height": out.shape[0], "data": [int(v) for v in out.reshape(-1)]}}


def rand_options(rng, op):
    kh = int(rng.integers(1, 6))
    kw = kh if rng.random() < 0.5 else int(rng.integers(1, 6))
    o = {"op": op, "kernel": [kh, kw]}
    if rng.random() < 0.6:
        o["stride"] = [int(rng.integers(1, 5)), int(rng.integers(1, 5))]
    d = [1, 1]
    if rng.random() < 0.25:
        d = [int(rng.integers(1, 4)), int(rng.integers(1, 4))]
        o["dilation"] = d
    r = rng.random()
    if r < 0.15:
        o["padding"] = "same"
    elif r < 0.55:
        o["padding"] = [int(rng.integers(0, ((kh - 1) * d[0] + 1) // 2 + 1)),
                        int(rng.integers(0, ((kw - 1) * d[1] + 1) // 2 + 1))]
    if o.get("padding") != "same" and rng.random() < 0.35:
        o["ceilMode"] = True
    if op == "avg" and rng.random() < 0.4:
        o["countIncludePad"] = False
    return o


def main():
    rng = np.random.default_rng(20240607)
    cases = []

    # The two examples the options are defined by; their bytes are the spec.
    red = np.array([[[255, 0, 0, 255], [0, 0, 0, 0]]], np.uint8)
    for alpha, space, want in (("straight", "srgb", [128, 0, 0, 128]), ("premultiplied", "srgb", [255, 0, 0, 128]),
                               ("premultiplied", "linear", [255, 0, 0, 128])):
        o = {"op": "avg", "kernel": [1, 2], "alpha": alpha, "colorSpace": space}
        out = pool_picture(red, o)
        assert out.reshape(-1).tolist() == want, out
        cases.append(case("red beside transparent black %s %s" % (alpha, space), o, red, out))
    checker = picture(rng, "checker", 2, 2)
    for space, want in (("srgb", 128), ("linear", 188)):
        o = {"op": "avg", "kernel": [2, 2], "colorSpace": space}
        out = pool_picture(checker, o)
        assert out.reshape(-1).tolist() == [want, want, want, 255], out
        cases.append(case("checkerboard 2x2 %s" % space, o, checker, out))

    kinds = ["random", "alpha-holes", "gradient", "checker", "sprite"]
    combos = [("premultiplied", "srgb"), ("straight", "linear"), ("premultiplied", "linear"), ("straight", "srgb")]
    target = {("premultiplied", "srgb"): 30, ("straight", "linear"): 30, ("premultiplied", "linear"): 30,
              ("straight", "srgb"): 6}
    for alpha, space in combos:
        made = 0
        while made < target[(alpha, space)]:
            o = rand_options(rng, "avg")
            if made % 3 == 0 or space == "srgb" and alpha == "straight":
                o["alpha"], o["colorSpace"] = alpha, space  # the defaults, written out
            else:
                if alpha != "straight":
                    o["alpha"] = alpha
                if space != "srgb":
                    o["colorSpace"] = space
            h, w = int(rng.integers(1, 25)), int(rng.integers(1, 25))
            kind = kinds[made % len(kinds)]
            px = picture(rng, kind, h, w)
            try:
                out = pool_picture(px, o)
            except NearTie:
                continue
            if out is None:
                continue
            cases.append(case("avg %s %s %s %dx%d #%d" % (alpha, space, kind, w, h, len(cases)), o, px, out))
            made += 1

    # Linear light leaves max and min alone.
    made = 0
    while made < 16:
        op = ("max", "min")[made % 2]
        o = rand_options(rng, op)
        o["colorSpace"] = "linear"
        h, w = int(rng.integers(1, 20)), int(rng.integers(1, 20))
        px = picture(rng, kinds[made % len(kinds)], h, w)
        out = pool_picture(px, o)
        if out is None:
            continue
        plain = pool_picture(px, dict(o, colorSpace="srgb"))
        assert np.array_equal(out, plain)
        cases.append(case("%s linear %dx%d #%d" % (op, w, h, len(cases)), o, px, out))
        made += 1

    os.makedirs(OUT_DIR, exist_ok=True)
    path = os.path.join(OUT_DIR, "picture.json")
    with open(path, "w") as f:
        f.write('{"source":"tools/gen_picture_golden.py","cases":[\n')
        f.write(",\n".join(json.dumps(c, separators=(",", ":")) for c in cases))
        f.write("\n]}\n")
    print("picture.json   %4d cases %8d bytes" % (len(cases), os.path.getsize(path)), file=sys.stderr)


if __name__ == "__main__":
    main()
