#!/usr/bin/python3
"""Writes pool's golden vectors, pool/testdata/golden/{pool,indices,adaptive,
global,unpool,pixels}.json, from PyTorch.

    /usr/bin/python3 tools/gen_golden.py [output directory]

Every expected value comes from PyTorch (1.13, CPU, one thread). Where
PyTorch's own modules lack an option (dilated or SAME average and Lp pooling,
padding on Lp, padding past PyTorch's "at most half the kernel" rule, SAME
anywhere, min), the expected values come from an independent reference built
from torch primitives (F.pad, F.unfold, max_pool2d on an explicitly padded
plane); wherever both exist the script asserts that they agree, bit for bit
for max, min and average. The run is deterministic: fixed seeds, fixed
iteration order. The file format is described in tools/README.md.
"""

import math
import os
import sys

import numpy as np
import torch
import torch.nn.functional as F

torch.set_num_threads(1)

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT_DIR = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "pool", "testdata", "golden")

# ---------------------------------------------------------------------------
# JSON output: floats as the shortest decimal that round-trips float32.


class F32:
    """A list of float32 values, written as shortest round-trip decimals."""

    def __init__(self, values):
        self.values = np.asarray(values, dtype=np.float32).reshape(-1)


def fmt_f32(v):
    if np.isnan(v):
        return '"NaN"'
    if np.isinf(v):
        return '"Infinity"' if v > 0 else '"-Infinity"'
    s = str(v)  # numpy's float32 str is the shortest decimal that round-trips
    assert np.float32(float(s)).tobytes() == v.tobytes(), s
    return s


def dump(obj):
    if isinstance(obj, F32):
        return "[" + ",".join(fmt_f32(v) for v in obj.values) + "]"
    if isinstance(obj, dict):
        return "{" + ",".join('"%s":%s' % (k, dump(v)) for k, v in obj.items()) + "}"
    if isinstance(obj, (list, tuple)):
        return "[" + ",".join(dump(v) for v in obj) + "]"
    if isinstance(obj, bool):
        return "true" if obj else "false"
    if isinstance(obj, (int, np.integer)):
        return str(int(obj))
    if isinstance(obj, float):
        assert math.isfinite(obj)
        return repr(obj)
    if isinstance(obj, str):
        assert '"' not in obj and "\\" not in obj
        return '"%s"' % obj
    raise TypeError(type(obj))


def write(name, cases):
    names = set()
    for c in cases:
        assert c["name"] not in names, c["name"]
        names.add(c["name"])
    path = os.path.join(OUT_DIR, name)
    with open(path, "w") as f:
        f.write('{"source":"tools/gen_golden.py, PyTorch %s","cases":[\n' % torch.__version__)
        f.write(",\n".join(dump(c) for c in cases))
        f.write("\n]}\n")
    print("%-14s %4d cases %8d bytes" % (name, len(cases), os.path.getsize(path)), file=sys.stderr)


def tensor_json(t, shape):
    return {"shape": list(shape), "data": F32(t.reshape(-1).numpy())}


def ordinal(a):
    """Maps float32 values to integers in the same order, one per ulp."""
    i = np.asarray(a, dtype=np.float32).view(np.int32).astype(np.int64)
    return np.where(i < 0, -(i & 0x7FFFFFFF), i)


def ulps(a, b):
    return int(np.max(np.abs(ordinal(a) - ordinal(b)), initial=0))


STATS = {}


def stat(key, value):
    STATS[key] = max(STATS.get(key, 0), value)


# ---------------------------------------------------------------------------
# Geometry, written from PyTorch's and TensorFlow's definitions. It only
# decides which cases exist (a window must cover an input cell) and how far to
# pad; the values themselves come from torch.


def axis(n, k, s, pad, d, ceil, same):
    eff = (k - 1) * d + 1
    if same:
        out = -(-n // s)
        total = max((out - 1) * s + eff - n, 0)
        pb, pa = total // 2, total - total // 2
    else:
        span = n + 2 * pad - eff
        if span < 0:
            return None
        out = span // s + 1
        if ceil and span % s:
            out += 1
            if (out - 1) * s >= n + pad:  # the last window must start inside the input or the left padding
                out -= 1
        pb = pa = pad
    full = True
    for o in range(out):
        start = o * s - pb
        taps = [start + i * d for i in range(k)]
        real = [t for t in taps if 0 <= t < n]
        if not real:
            return None
        full = full and len(real) == k
    return {"n": n, "k": k, "s": s, "d": d, "eff": eff, "out": out, "pb": pb, "pa": pa, "full": full}


class Cfg:
    def __init__(self, op, k, s=None, pad=(0, 0), d=(1, 1), ceil=False, cip=True, p=2.0, same=False, valid=False):
        self.op, self.k, self.s = op, tuple(k), tuple(s) if s else tuple(k)
        self.pad, self.d, self.ceil, self.cip, self.p = tuple(pad), tuple(d), ceil, cip, float(p)
        self.same, self.valid = same, valid
        self.explicit = set()  # option keys to write even at their default

    def geometry(self, h, w):
        gh = axis(h, self.k[0], self.s[0], self.pad[0], self.d[0], self.ceil, self.same)
        gw = axis(w, self.k[1], self.s[1], self.pad[1], self.d[1], self.ceil, self.same)
        return (gh, gw) if gh and gw else None

    def native(self):
        """Whether PyTorch's own module takes these options as they are."""
        return (not self.same and self.pad[0] <= self.k[0] // 2 and self.pad[1] <= self.k[1] // 2
                and (self.op in ("max", "min") or self.d == (1, 1)))

    def options(self, indices=False):
        o = {"op": self.op, "kernel": list(self.k)}
        if self.s != self.k or "stride" in self.explicit:
            o["stride"] = list(self.s)
        if self.same:
            o["padding"] = "same"
        elif self.valid:
            o["padding"] = "valid"
        elif self.pad != (0, 0) or "padding" in self.explicit:
            o["padding"] = list(self.pad)
        if self.d != (1, 1) or "dilation" in self.explicit:
            o["dilation"] = list(self.d)
        if self.ceil or "ceilMode" in self.explicit:
            o["ceilMode"] = self.ceil
        if self.op == "avg" and (not self.cip or "countIncludePad" in self.explicit):
            o["countIncludePad"] = self.cip
        if self.op == "lp" and (self.p != 2 or "p" in self.explicit):
            o["p"] = self.p
        if indices:
            o["returnIndices"] = True
        return o

    def label(self, h, w):
        parts = [self.op, "k%dx%d" % self.k, "s%dx%d" % self.s]
        if self.same:
            parts.append("same")
        elif self.pad != (0, 0):
            parts.append("p%dx%d" % self.pad)
        if self.d != (1, 1):
            parts.append("d%dx%d" % self.d)
        if self.ceil:
            parts.append("ceil")
        if self.op == "avg" and not self.cip:
            parts.append("nopad")
        if self.op == "lp":
            parts.append("p=%g" % self.p)
        parts.append("in%dx%d" % (h, w))
        return " ".join(parts)


# ---------------------------------------------------------------------------
# References. x is [P, H, W] (every plane pooled alike); results are
# [P, oh, ow].


def pad_plane(x, cfg, gh, gw, value, overhang):
    """Pads x explicitly: value in the padding, overhang past it (where a
    ceil-mode window reaches beyond the right padding)."""
    xp = F.pad(x[:, None], (gw["pb"], gw["pa"], gh["pb"], gh["pa"]), value=value)
    exh = max(0, (gh["out"] - 1) * gh["s"] + gh["eff"] - xp.shape[-2])
    exw = max(0, (gw["out"] - 1) * gw["s"] + gw["eff"] - xp.shape[-1])
    if exh or exw:
        xp = F.pad(xp, (0, exw, 0, exh), value=overhang)
    return xp


def windows(xp, cfg, gh, gw):
    """Unfolds the padded planes: [P, kh*kw, oh, ow], window cells row-major."""
    cols = F.unfold(xp, cfg.k, dilation=cfg.d, stride=cfg.s)
    oh = (xp.shape[-2] - gh["eff"]) // gh["s"] + 1
    ow = (xp.shape[-1] - gw["eff"]) // gw["s"] + 1
    cols = cols.reshape(xp.shape[0], cfg.k[0] * cfg.k[1], oh, ow)
    return cols[:, :, : gh["out"], : gw["out"]]


def ref_max(x, cfg, gh, gw):
    """Max and flat indices through max_pool2d on an explicitly padded plane."""
    inf = float("inf")
    xp = pad_plane(x, cfg, gh, gw, -inf, -inf)
    out, idx = F.max_pool2d(xp, cfg.k, cfg.s, 0, cfg.d, False, True)
    out, idx = out[:, 0, : gh["out"], : gw["out"]], idx[:, 0, : gh["out"], : gw["out"]]
    wp = xp.shape[-1]
    r, c = idx // wp - gh["pb"], idx % wp - gw["pb"]
    h, w = x.shape[-2:]
    assert bool(((r >= 0) & (r < h) & (c >= 0) & (c < w)).all()), "a padded cell won"
    return out, r * w + c


def native_max(x, cfg):
    out, idx = F.max_pool2d(x[:, None], cfg.k, cfg.s, cfg.pad, cfg.d, cfg.ceil, True)
    return out[:, 0], idx[:, 0]


def pool_max(x, cfg, gh, gw, allow_ref=True):
    res = native_max(x, cfg) if cfg.native() else None
    if allow_ref:
        ref = ref_max(x, cfg, gh, gw)
        if res is None:
            res = ref
        else:
            assert res[0].numpy().tobytes() == ref[0].numpy().tobytes() and torch.equal(res[1], ref[1])
            # max_pool2d without indices takes another code path: it must agree.
            plain = F.max_pool2d(x[:, None], cfg.k, cfg.s, cfg.pad, cfg.d, cfg.ceil)[:, 0]
            assert plain.numpy().tobytes() == res[0].numpy().tobytes()
    return res


def pool_min(x, cfg, gh, gw, allow_ref=True):
    out, idx = pool_max(-x, cfg, gh, gw, allow_ref)
    return -out, idx


def ref_avg(x, cfg, gh, gw):
    """Sums each window in x's precision, one cell after the other in
    row-major order, then divides by the divisor: padded cells add zero, and
    a mask of ones says which cells the divisor counts."""
    counted = 1.0 if (cfg.cip and not cfg.same) else 0.0
    cols = windows(pad_plane(x, cfg, gh, gw, 0.0, 0.0), cfg, gh, gw)
    ones = torch.ones((1,) + tuple(x.shape[-2:]), dtype=x.dtype)
    div = windows(pad_plane(ones, cfg, gh, gw, counted, 0.0), cfg, gh, gw).sum(1)
    acc = torch.zeros(cols[:, 0].shape, dtype=x.dtype)
    for i in range(cols.shape[1]):
        acc = acc + cols[:, i]
    return acc / div


def pool_avg(x, cfg, gh, gw):
    ref = ref_avg(x, cfg, gh, gw)
    if cfg.native():
        nat = F.avg_pool2d(x[:, None], cfg.k, cfg.s, cfg.pad, cfg.ceil, cfg.cip)[:, 0]
        assert nat.numpy().tobytes() == ref.numpy().tobytes(), "avg_pool2d does not sum row-major"
        return nat
    return ref


def ref_lp(a, cfg, gh, gw):
    """(sum over the window's input cells of a^p)^(1/p) for a >= 0."""
    cols = windows(pad_plane(a.pow(cfg.p), cfg, gh, gw, 0.0, 0.0), cfg, gh, gw)
    return cols.sum(1).pow(1.0 / cfg.p)


def lp_native_ok(cfg, gh, gw):
    # LPPool2d has no padding or dilation, and rescales a ceil-mode window
    # that hangs over the border as if it were full.
    return cfg.pad == (0, 0) and cfg.d == (1, 1) and not cfg.same and gh["full"] and gw["full"]


def pool_lp(x, cfg, gh, gw):
    """The true norm in float64: PyTorch's LPPool2d on |x| where it is defined,
    the unfold reference elsewhere, rounded once to float32."""
    a = x.abs().double()
    ref = ref_lp(a, cfg, gh, gw)
    if lp_native_ok(cfg, gh, gw):
        nat = F.lp_pool2d(a[:, None], cfg.p, cfg.k, cfg.s, cfg.ceil)[:, 0]
        assert torch.allclose(nat, ref, rtol=1e-12, atol=0), "lp_pool2d disagrees with the reference"
        f32 = F.lp_pool2d(x.abs()[:, None], cfg.p, cfg.k, cfg.s, cfg.ceil)[:, 0]
        stat("lp: PyTorch float32 LPPool2d vs float64, max ulps", ulps(f32.numpy(), nat.float().numpy()))
        ref = nat
    return ref.float()


def pool_tensor(x, cfg, gh, gw):
    if cfg.op == "max":
        return pool_max(x, cfg, gh, gw)
    if cfg.op == "min":
        return pool_min(x, cfg, gh, gw)
    if cfg.op == "avg":
        return pool_avg(x, cfg, gh, gw), None
    return pool_lp(x, cfg, gh, gw), None


# Tolerances, in units in the last place of float32. Lp: PyTorch's float64
# pow and sum against the engine's math.Pow; only the final rounding to
# float32 can differ. Means over a whole plane: float64 sums in a different
# order.
LP_ULPS = 1
MEAN_ULPS = 1

# ---------------------------------------------------------------------------
# Inputs.


def rand_shape(rng, h, w, max_elems=2500):
    rank = int(rng.choice([2, 3, 4], p=[0.3, 0.35, 0.35]))
    planes_cap = max(1, max_elems // (h * w))
    if rank == 2:
        return (h, w)
    if rank == 3:
        return (int(rng.integers(1, min(3, planes_cap) + 1)), h, w)
    n = int(rng.integers(1, min(2, planes_cap) + 1))
    c = int(rng.integers(1, max(1, min(3, planes_cap // n)) + 1))
    return (n, c, h, w)


def rand_data(rng, shape, kind):
    n = int(np.prod(shape))
    if kind == "normal":
        v = rng.standard_normal(n)
    elif kind == "wide":  # many exponents: float32 sums round at every step
        v = rng.standard_normal(n) * 10.0 ** rng.uniform(-4, 4, n)
    elif kind == "ties":  # few distinct values: ties decide the indices
        v = rng.integers(-3, 4, n).astype(np.float64)
    elif kind == "pos":
        v = rng.uniform(0, 4, n)
    else:
        raise ValueError(kind)
    return torch.from_numpy(v.astype(np.float32)).reshape(shape)


def planes(x):
    return x.reshape(-1, x.shape[-2], x.shape[-1])


PRIMES = [2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37]


def rand_side(rng, lo):
    """A side of at least lo, mostly small, sometimes prime, up to 40."""
    lo = max(1, lo)
    r = rng.random()
    if r < 0.55:
        n = int(rng.integers(lo, lo + 9))
    elif r < 0.75:
        big = [q for q in PRIMES if q >= lo]
        n = int(rng.choice(big)) if big else lo
    elif r < 0.93:
        n = int(rng.integers(lo, max(lo, 20) + 1))
    else:
        n = int(rng.integers(max(lo, 30), 41))
    return min(n, 40) if lo <= 40 else lo


def rand_cfg(rng, op, max_k=7):
    kh = int(rng.integers(1, max_k + 1))
    kw = kh if rng.random() < 0.5 else int(rng.integers(1, max_k + 1))
    sh = int(rng.integers(1, 5))
    sw = sh if rng.random() < 0.6 else int(rng.integers(1, 5))
    if rng.random() < 0.3:
        sh, sw = kh, kw
    d = (1, 1)
    if rng.random() < 0.35:
        d = (int(rng.integers(1, 4)), int(rng.integers(1, 4)))
    mode = rng.random()
    same = mode < 0.15
    valid = 0.15 <= mode < 0.2
    pad = (0, 0)
    if mode >= 0.4:
        effh, effw = (kh - 1) * d[0] + 1, (kw - 1) * d[1] + 1
        pad = (int(rng.integers(0, effh // 2 + 1)), int(rng.integers(0, effw // 2 + 1)))
    ceil = (not same) and rng.random() < 0.4
    cip = rng.random() < 0.5
    p = float(rng.choice([1.0, 2.0, 3.0, 4.5]))
    cfg = Cfg(op, (kh, kw), (sh, sw), pad, d, ceil, cip, p, same, valid)
    for key in ("stride", "ceilMode", "countIncludePad", "p", "dilation"):
        if rng.random() < 0.1:
            cfg.explicit.add(key)
    return cfg


def fit_input(rng, cfg, max_elems=2500):
    """A shape on which every window of cfg covers an input cell, or None."""
    for _ in range(20):
        effh = (cfg.k[0] - 1) * cfg.d[0] + 1
        effw = (cfg.k[1] - 1) * cfg.d[1] + 1
        lo_h = 1 if cfg.same else effh - 2 * cfg.pad[0]
        lo_w = 1 if cfg.same else effw - 2 * cfg.pad[1]
        h, w = rand_side(rng, lo_h), rand_side(rng, lo_w)
        g = cfg.geometry(h, w)
        if g:
            return rand_shape(rng, h, w, max_elems), g
    return None


# ---------------------------------------------------------------------------
# Families.


def tensor_case(name, cfg, x, gh, gw, indices=False):
    out, idx = pool_tensor(planes(x), cfg, gh, gw)
    shape = tuple(x.shape[:-2]) + (gh["out"], gw["out"])
    case = {
        "name": name,
        "call": "poolTensor",
        "options": cfg.options(indices),
        "input": tensor_json(x, x.shape),
        "output": tensor_json(out, shape),
    }
    if indices:
        case["indices"] = [int(i) for i in idx.reshape(-1)]
    if cfg.op == "lp":
        case["tolerance"] = {"ulps": LP_ULPS}
    return case


def gen_pool():
    rng = np.random.default_rng(20240601)
    cases = []

    def add(cfg, shape, g, kind, tag=""):
        x = rand_data(rng, shape, kind)
        if cfg.op == "lp" and kind == "normal":
            tag += " negative"
        name = "%s %s %s%s #%d" % (cfg.label(shape[-2], shape[-1]), "r%d" % len(shape), kind, tag, len(cases))
        cases.append(tensor_case(name, cfg, x, *g))

    # Random combinations of every option.
    for op, n in (("max", 110), ("avg", 150), ("min", 60), ("lp", 110)):
        made = 0
        while made < n:
            cfg = rand_cfg(rng, op)
            fit = fit_input(rng, cfg)
            if not fit:
                continue
            kinds = {"max": ["normal", "wide", "ties"], "min": ["normal", "ties"],
                     "avg": ["normal", "wide", "wide", "pos"], "lp": ["pos", "pos", "normal"]}[op]
            add(cfg, fit[0], fit[1], str(rng.choice(kinds)))
            made += 1

    # Every p on the same windows, non-negative and mixed-sign inputs.
    for p in (1.0, 2.0, 3.0, 4.5):
        for k, s, pad, ceil in (((2, 2), (2, 2), (0, 0), False), ((3, 3), (2, 2), (0, 0), True),
                                ((3, 2), (1, 2), (1, 1), False), ((4, 4), (3, 3), (0, 0), True)):
            cfg = Cfg("lp", k, s, pad, ceil=ceil, p=p)
            cfg.explicit.add("p")
            for kind, shape in (("pos", (2, 9, 11)), ("normal", (1, 1, 10, 13))):
                add(cfg, shape, cfg.geometry(*shape[-2:]), kind)

    # Named shapes: CNN layers, kernel equal to the input, sides of 1.
    named = [
        (Cfg("max", (2, 2)), (1, 2, 40, 40)),
        (Cfg("max", (3, 3), (2, 2), (1, 1)), (1, 2, 40, 40)),  # ResNet's stem
        (Cfg("avg", (2, 2)), (1, 2, 40, 40)),  # DenseNet's transition
        (Cfg("avg", (3, 3), (1, 1), (1, 1), cip=False), (2, 13, 17)),  # Inception's branch
        (Cfg("max", (37, 29), (1, 1)), (2, 37, 29)),
        (Cfg("avg", (37, 29), (1, 1)), (2, 37, 29)),
        (Cfg("min", (23, 23), (5, 5)), (23, 23)),
        (Cfg("lp", (31, 40), p=3.0), (1, 31, 40)),
        (Cfg("max", (1, 1), (1, 1)), (3, 7, 5)),
        (Cfg("avg", (1, 1), (1, 1)), (3, 7, 5)),
        (Cfg("max", (1, 3), (1, 1)), (2, 1, 19)),
        (Cfg("avg", (3, 1), (2, 1), (1, 0)), (2, 17, 1)),
        (Cfg("min", (1, 1)), (1, 1)),
        (Cfg("avg", (1, 1), (3, 3)), (1, 1)),
        (Cfg("max", (7, 7), (4, 4), (3, 3), ceil=True), (1, 1, 29, 31)),
        (Cfg("avg", (7, 7), (4, 4), (3, 3), ceil=True), (1, 1, 29, 31)),
        (Cfg("avg", (7, 7), (4, 4), (3, 3), ceil=True, cip=False), (1, 1, 29, 31)),
        (Cfg("max", (2, 2), (4, 4)), (3, 11, 11)),  # stride past the kernel: cells skipped
        (Cfg("max", (3, 3), (1, 1), (3, 3), (3, 3)), (1, 9, 9)),  # padding past PyTorch's rule
        (Cfg("avg", (3, 3), (1, 1), (2, 2), (2, 2)), (1, 9, 9)),
        (Cfg("avg", (3, 3), (1, 1), (2, 2), (2, 2), cip=False), (1, 9, 9)),
        (Cfg("max", (3, 3), (2, 2), same=True), (1, 1, 40, 40)),
        (Cfg("avg", (3, 3), (2, 2), same=True), (1, 1, 40, 40)),
        (Cfg("avg", (2, 2), (2, 2), same=True), (1, 1, 5, 5)),
        (Cfg("max", (5, 5), (1, 1), d=(2, 2), same=True), (1, 12, 12)),
        (Cfg("max", (2, 2), valid=True), (2, 7, 9)),
        (Cfg("avg", (2, 2), valid=True, ceil=True), (2, 7, 9)),
    ]
    for cfg, shape in named:
        kind = "pos" if cfg.op == "lp" else "normal"
        add(cfg, shape, cfg.geometry(*shape[-2:]), kind, " named")

    # Ceil mode: a last window that would start in the right padding is dropped.
    for cfg, shape in ((Cfg("max", (2, 2), (2, 2), (1, 1), ceil=True), (1, 5, 5)),
                       (Cfg("avg", (2, 2), (2, 2), (1, 1), ceil=True), (1, 5, 5)),
                       (Cfg("avg", (3, 3), (2, 2), (1, 1), ceil=True), (1, 6, 6)),
                       (Cfg("lp", (3, 3), (2, 2), ceil=True), (1, 6, 6))):
        g = cfg.geometry(*shape[-2:])
        add(cfg, shape, g, "pos", " ceil-edge")

    # NaN and infinities, through PyTorch's own modules.
    specials = [
        (Cfg("max", (2, 2)), [[1, "nan", 3, 4], [5, 6, "nan", 8], [-1, "inf", 2, 2], [0, 0, "-inf", "-inf"]]),
        (Cfg("min", (2, 2)), [[1, "nan", 3, 4], [5, 6, "-inf", 8], ["nan", "inf", 2, "nan"], [0, 0, "inf", "inf"]]),
        (Cfg("max", (3, 3), (1, 1), (1, 1)), [["-inf", "-inf", "-inf"], ["-inf", "nan", "-inf"], ["inf", 1, "-inf"]]),
        (Cfg("avg", (2, 2), (1, 1)), [[1, "nan", 3], [5, 6, 7], ["inf", 1, "-inf"]]),
    ]
    for cfg, rows in specials:
        x = torch.tensor([[float(v) for v in r] for r in rows], dtype=torch.float32)
        g = cfg.geometry(*x.shape)
        out, _ = pool_tensor(planes(x), cfg, *g) if cfg.op == "avg" else \
            ((pool_max if cfg.op == "max" else pool_min)(planes(x), cfg, *g, allow_ref=False))
        cases.append({"name": "%s nan-inf #%d" % (cfg.label(*x.shape), len(cases)), "call": "poolTensor",
                      "options": cfg.options(), "input": tensor_json(x, x.shape),
                      "output": tensor_json(out, (g[0]["out"], g[1]["out"]))})
    # Signed zeros: the first of equal values wins, so the sign is kept.
    x = torch.tensor([[0.0, -0.0, -0.0, 0.0], [-0.0, 0.0, 0.0, -0.0]])
    for op in ("max", "min", "avg"):
        cfg = Cfg(op, (1, 2), (1, 1))
        g = cfg.geometry(2, 4)
        cases.append(tensor_case("%s signed-zeros #%d" % (cfg.label(2, 4), len(cases)), cfg, x, *g))
    return cases


def gen_indices():
    rng = np.random.default_rng(20240602)
    cases = []
    for op, n in (("max", 70), ("min", 35)):
        made = 0
        while made < n:
            cfg = rand_cfg(rng, op)
            fit = fit_input(rng, cfg)
            if not fit:
                continue
            shape, g = fit
            kind = str(rng.choice(["normal", "ties", "ties"]))
            x = rand_data(rng, shape, kind)
            name = "%s r%d %s indices #%d" % (cfg.label(*shape[-2:]), len(shape), kind, len(cases))
            cases.append(tensor_case(name, cfg, x, *g, indices=True))
            made += 1
    # All equal: every window's first cell wins.
    for op in ("max", "min"):
        cfg = Cfg(op, (3, 3), (2, 2), (1, 1), ceil=True)
        x = torch.full((1, 2, 7, 8), 0.5)
        g = cfg.geometry(7, 8)
        cases.append(tensor_case("%s all-equal indices #%d" % (cfg.label(7, 8), len(cases)), cfg, x, *g, indices=True))
    return cases


def gen_adaptive():
    rng = np.random.default_rng(20240603)
    cases = []
    sizes = []
    for _ in range(40):
        h, w = rand_side(rng, 1), rand_side(rng, 1)
        r = rng.random()
        if r < 0.4:  # sizes that do not divide the input
            oh, ow = int(rng.integers(1, h + 1)), int(rng.integers(1, w + 1))
        elif r < 0.7:  # larger than the input: windows overlap and repeat cells
            oh, ow = int(rng.integers(h, h + 8)), int(rng.integers(w, w + 8))
        else:
            oh, ow = int(rng.integers(1, 12)), int(rng.integers(1, 12))
        sizes.append((h, w, oh, ow))
    sizes += [(40, 40, 7, 7), (37, 29, 5, 3), (7, 7, 1, 1), (40, 40, 1, 1), (13, 11, 1, 4), (1, 1, 3, 2),
              (5, 5, 5, 5), (6, 8, 4, 3), (10, 10, 3, 3), (3, 3, 10, 10)]
    for i, (h, w, oh, ow) in enumerate(sizes):
        for op in ("max", "avg", "min"):
            if op == "min" and i % 3:
                continue
            shape = rand_shape(rng, h, w, 2000)
            kind = str(rng.choice(["normal", "wide", "ties"] if op != "avg" else ["normal", "wide"]))
            x = rand_data(rng, shape, kind)
            xp = planes(x)[:, None]
            indices = op != "avg" and rng.random() < 0.6
            tol = None
            if op == "max":
                out, idx = F.adaptive_max_pool2d(xp, (oh, ow), True)
            elif op == "min":
                out, idx = F.adaptive_max_pool2d(-xp, (oh, ow), True)
                out = -out
            else:
                out, idx = F.adaptive_avg_pool2d(xp, (oh, ow)), None
                if (oh, ow) == (1, 1):
                    # PyTorch computes this as the mean of the plane, as GlobalPool.
                    out, tol = plane_mean(xp, out)
            options = {"op": op, "outputSize": [oh, ow]}
            if indices:
                options["returnIndices"] = True
            case = {"name": "adaptive %s in%dx%d out%dx%d r%d %s #%d" % (op, h, w, oh, ow, len(shape), kind, len(cases)),
                    "call": "adaptivePool", "options": options, "input": tensor_json(x, shape),
                    "output": tensor_json(out, tuple(shape[:-2]) + (oh, ow))}
            if indices:
                case["indices"] = [int(v) for v in idx.reshape(-1)]
            if tol:
                case["tolerance"] = tol
            cases.append(case)
    return cases


def plane_mean(xp, torch_mean):
    """The mean of each plane in float64, rounded once to float32, with the
    tolerance its cases carry; torch_mean is PyTorch's float32 answer, whose
    distance from it is reported."""
    exact = xp.double().mean((-1, -2), keepdim=True).float()
    stat("mean: PyTorch float32 vs float64, max ulps", ulps(torch_mean.numpy(), exact.numpy()))
    return exact, {"ulps": MEAN_ULPS}


def gen_global():
    rng = np.random.default_rng(20240604)
    cases = []
    for i in range(36):
        h, w = rand_side(rng, 1), rand_side(rng, 1)
        op = ("max", "avg", "min")[i % 3]
        shape = rand_shape(rng, h, w, 3000)
        kind = str(rng.choice(["normal", "wide", "ties", "pos"]))
        x = rand_data(rng, shape, kind)
        xp = planes(x)[:, None]
        tol = None
        if op == "max":
            out = F.adaptive_max_pool2d(xp, 1)
        elif op == "min":
            out = -F.adaptive_max_pool2d(-xp, 1)
        else:
            out, tol = plane_mean(xp, xp.mean((-1, -2), keepdim=True))
        case = {"name": "global %s in%dx%d r%d %s #%d" % (op, h, w, len(shape), kind, i), "call": "globalPool",
                "options": {"op": op}, "input": tensor_json(x, shape),
                "output": tensor_json(out, tuple(shape[:-2]) + (1, 1))}
        if tol:
            case["tolerance"] = tol
        cases.append(case)
    return cases


def gen_unpool():
    rng = np.random.default_rng(20240605)
    cases = []
    while len(cases) < 44:
        kh, kw = int(rng.integers(1, 6)), int(rng.integers(1, 6))
        overlap = rng.random() < 0.3  # stride below the kernel: two windows can pick one cell
        sh = int(rng.integers(1, kh + 1)) if overlap else kh
        sw = int(rng.integers(1, kw + 1)) if overlap else kw
        if rng.random() < 0.2:
            sh, sw = sh + 1, sw + 1
        pad = (int(rng.integers(0, kh // 2 + 1)), int(rng.integers(0, kw // 2 + 1))) if rng.random() < 0.4 else (0, 0)
        cfg = Cfg("max", (kh, kw), (sh, sw), pad)
        h, w = rand_side(rng, kh), rand_side(rng, kw)
        g = cfg.geometry(h, w)
        if not g:
            continue
        shape = rand_shape(rng, h, w, 1500)
        x = rand_data(rng, shape, str(rng.choice(["normal", "ties"])))
        x4 = planes(x)[:, None]
        pooled, idx = F.max_pool2d(x4, cfg.k, cfg.s, cfg.pad, 1, False, True)
        default = ((g[0]["out"] - 1) * sh - 2 * pad[0] + kh, (g[1]["out"] - 1) * sw - 2 * pad[1] + kw)
        size = None
        if rng.random() < 0.5:
            # MaxUnpool2d takes an explicit size within a stride of the default.
            size = (int(rng.integers(max(1, default[0] - sh + 1), default[0] + sh)),
                    int(rng.integers(max(1, default[1] - sw + 1), default[1] + sw)))
        oh, ow = size or default
        if oh * ow <= int(idx.max()):
            continue  # an index, flat in the pooled input's plane, falls outside the output plane
        out = F.max_unpool2d(pooled, idx, cfg.k, cfg.s, cfg.pad, size)
        assert out.shape[-2:] == (size or default)
        options = {"kernel": [kh, kw]}
        if (sh, sw) != (kh, kw):
            options["stride"] = [sh, sw]
        if pad != (0, 0):
            options["padding"] = list(pad)
        if size:
            options["outputSize"] = list(size)
        oshape = tuple(shape[:-2]) + tuple(out.shape[-2:])
        cases.append({"name": "unpool k%dx%d s%dx%d p%dx%d pooled%dx%d%s r%d #%d" % (
            kh, kw, sh, sw, pad[0], pad[1], g[0]["out"], g[1]["out"], " size%dx%d" % size if size else "",
            len(shape), len(cases)),
            "call": "unpool", "options": options,
            "input": tensor_json(pooled, tuple(shape[:-2]) + tuple(pooled.shape[-2:])),
            "indices": [int(v) for v in idx.reshape(-1)],
            "output": tensor_json(out, oshape)})
    # Indices that did not come from a pooling, with repeats: where two values
    # name one cell, PyTorch keeps the later one.
    for i in range(8):
        k, s = (2, 2), (2, 2) if i % 2 else (3, 2)
        ph, pw = int(rng.integers(1, 6)), int(rng.integers(1, 6))
        shape = ((ph, pw), (2, ph, pw), (1, 2, ph, pw))[i % 3]
        pooled = rand_data(rng, shape, "normal")
        oh, ow = (ph - 1) * s[0] + k[0], (pw - 1) * s[1] + k[1]
        idx = torch.from_numpy(rng.integers(0, min(oh * ow, 3 + i), pooled.numel())).reshape(planes(pooled).shape)
        out = F.max_unpool2d(planes(pooled)[:, None], idx[:, None], k, s, 0)
        options = {"kernel": list(k)}
        if s != k:
            options["stride"] = list(s)
        cases.append({"name": "unpool repeated indices k%dx%d s%dx%d pooled%dx%d r%d #%d" % (
            k + s + (ph, pw) + (len(shape), len(cases))),
            "call": "unpool", "options": options, "input": tensor_json(pooled, shape),
            "indices": [int(v) for v in idx.reshape(-1)],
            "output": tensor_json(out, tuple(shape[:-2]) + (oh, ow))})
    return cases


# ---------------------------------------------------------------------------
# RGBA pictures: the four channels pooled as float64 planes of byte values,
# rounded half to even and clamped to 0..255.


def picture(rng, kind, h, w):
    if kind == "random":
        return rng.integers(0, 256, (h, w, 4), dtype=np.uint8)
    if kind == "gradient":
        y, x = np.mgrid[0:h, 0:w]
        r = (x * 255 // max(1, w - 1))
        g = (y * 255 // max(1, h - 1))
        b = ((x + y) * 255 // max(1, h + w - 2))
        a = 255 - (x * 7 + y * 3) % 64
        return np.stack([r, g, b, a], -1).astype(np.uint8)
    if kind == "checker":
        y, x = np.mgrid[0:h, 0:w]
        on = ((x + y) % 2).astype(bool)
        px = np.zeros((h, w, 4), np.uint8)
        px[on] = (255, 255, 255, 255)
        px[~on] = (0, 0, 0, 255)
        return px
    if kind == "hot":  # one bright pixel on transparent black
        px = np.zeros((h, w, 4), np.uint8)
        px[int(rng.integers(0, h)), int(rng.integers(0, w))] = (255, 200, 100, 255)
        return px
    raise ValueError(kind)


def pool_bytes(px, cfg, gh, gw):
    x = torch.from_numpy(px.astype(np.float64)).permute(2, 0, 1).contiguous()  # [4, H, W]
    if cfg.op == "max":
        out = pool_max(x, cfg, gh, gw)[0]
    elif cfg.op == "min":
        out = pool_min(x, cfg, gh, gw)[0]
    elif cfg.op == "avg":
        out = pool_avg(x, cfg, gh, gw)
    else:
        out = ref_lp(x, cfg, gh, gw)
        if lp_native_ok(cfg, gh, gw):
            nat = F.lp_pool2d(x[:, None], cfg.p, cfg.k, cfg.s, cfg.ceil)[:, 0]
            assert torch.allclose(nat, out, rtol=1e-12, atol=0)
    frac = (out - out.floor()).numpy()
    if cfg.op == "lp" and np.any(np.abs(frac - 0.5) < 1e-9):
        return None  # too close to a tie to round the same way everywhere
    return torch.round(out).clamp(0, 255).permute(1, 2, 0).numpy().astype(np.uint8)


def gen_pixels():
    rng = np.random.default_rng(20240606)
    cases = []
    kinds = ["random", "gradient", "checker", "hot"]

    def add(cfg, h, w, kind, g):
        px = picture(rng, kind, h, w)
        out = pool_bytes(px, cfg, *g)
        if out is None:
            return False
        cases.append({"name": "pixels %s %s #%d" % (cfg.label(h, w), kind, len(cases)), "call": "pool",
                      "options": cfg.options(),
                      "input": {"width": w, "height": h, "data": [int(v) for v in px.reshape(-1)]},
                      "output": {"width": g[1]["out"], "height": g[0]["out"], "data": [int(v) for v in out.reshape(-1)]}})
        return True

    for cfg, h, w in ((Cfg("max", (2, 2)), 16, 16), (Cfg("avg", (2, 2)), 16, 16), (Cfg("min", (2, 2)), 16, 16),
                      (Cfg("lp", (2, 2)), 16, 16), (Cfg("avg", (3, 3), (1, 1), (1, 1)), 9, 12),
                      (Cfg("avg", (3, 3), (1, 1), (1, 1), cip=False), 9, 12),
                      (Cfg("max", (3, 3), (1, 1), (1, 1)), 9, 12), (Cfg("min", (3, 3), (1, 1), (1, 1)), 9, 12),
                      (Cfg("avg", (4, 4), (4, 4)), 40, 40), (Cfg("avg", (3, 3), (3, 3), ceil=True), 10, 10)):
        for kind in kinds:
            add(cfg, h, w, kind, cfg.geometry(h, w))
    for op, n in (("max", 15), ("avg", 35), ("min", 10), ("lp", 20)):
        made = 0
        while made < n:
            cfg = rand_cfg(rng, op, max_k=5)
            effh = (cfg.k[0] - 1) * cfg.d[0] + 1
            effw = (cfg.k[1] - 1) * cfg.d[1] + 1
            h = rand_side(rng, 1 if cfg.same else effh - 2 * cfg.pad[0])
            w = rand_side(rng, 1 if cfg.same else effw - 2 * cfg.pad[1])
            g = cfg.geometry(h, w)
            if g and add(cfg, h, w, kinds[made % 4], g):
                made += 1
    return cases


def main():
    os.makedirs(OUT_DIR, exist_ok=True)
    families = (("pool.json", gen_pool), ("indices.json", gen_indices), ("adaptive.json", gen_adaptive),
                ("global.json", gen_global), ("unpool.json", gen_unpool), ("pixels.json", gen_pixels))
    for name, gen in families:
        write(name, gen())
    for k, v in sorted(STATS.items()):
        print("%s: %s" % (k, v), file=sys.stderr)


if __name__ == "__main__":
    main()
