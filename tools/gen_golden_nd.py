#!/usr/bin/python3
"""Writes the golden vectors of 1-D and 3-D pooling and of ONNX's padding,
pool/testdata/golden/nd_{pool,adaptive,global,unpool}.json, from PyTorch.

    /usr/bin/python3 tools/gen_golden_nd.py [output directory]

PyTorch's own modules give every answer they can: MaxPool1d/3d (with
return_indices), AvgPool1d/3d, LPPool1d, AdaptiveMaxPool1d/3d,
AdaptiveAvgPool1d/3d, MaxUnpool1d/3d. Begin/end pads (ONNX's pads),
SAME_UPPER, SAME_LOWER, dilated or padded averages and Lp norms, and
LPPool3d (which PyTorch 1.13 lacks) come from one rank-generic reference
built on F.pad and Tensor.unfold; before any of its answers is written, the
script runs it on every case PyTorch also answers and asserts that the two
agree bit for bit (max, min, indices, avg) or, for Lp, to float32 rounding.
The run is deterministic: fixed seeds, fixed iteration order. The file format
is described in tools/README.md.
"""

import os
import sys

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen_golden as g  # noqa: E402  (the shared format and input kinds)

torch.set_num_threads(1)

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT_DIR = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "pool", "testdata", "golden")

NATIVE = {  # rank -> PyTorch's functions
    1: (F.max_pool1d, F.avg_pool1d, F.adaptive_max_pool1d, F.adaptive_avg_pool1d, F.max_unpool1d),
    2: (F.max_pool2d, F.avg_pool2d, F.adaptive_max_pool2d, F.adaptive_avg_pool2d, F.max_unpool2d),
    3: (F.max_pool3d, F.avg_pool3d, F.adaptive_max_pool3d, F.adaptive_avg_pool3d, F.max_unpool3d),
}

# ---------------------------------------------------------------------------
# Geometry along one axis, from PyTorch's rule for explicit pads and ONNX's
# for SAME; it decides which cases exist and how far to pad.


class Cfg:
    """One pooling in the JS options' terms. pads is None, a list of rank
    numbers (both sides) or of 2*rank numbers (begin..., end...); auto is
    None, "same_upper" or "same_lower"."""

    def __init__(self, op, k, s=None, pads=None, d=None, ceil=False, cip=True, p=2.0, auto=None):
        self.op, self.k, self.s, self.pads, self.d = op, list(k), list(s or k), pads, list(d or [1] * len(k))
        self.ceil, self.cip, self.p, self.auto = ceil, cip, p, auto

    @property
    def rank(self):
        return len(self.k)

    def before_after(self, i):
        if self.pads is None:
            return 0, 0
        if len(self.pads) == self.rank:
            return self.pads[i], self.pads[i]
        return self.pads[i], self.pads[self.rank + i]

    def axes(self, size):
        """Per axis: dict(out, before, after, overhang), or None when a window
        would cover no input cell or nothing fits."""
        res = []
        for i, n in enumerate(size):
            k, s, d = self.k[i], self.s[i], self.d[i]
            eff = (k - 1) * d + 1
            if self.auto:
                out = -(-n // s)
                total = max((out - 1) * s + eff - n, 0)
                small, large = total // 2, total - total // 2
                before, after = (small, large) if self.auto == "same_upper" else (large, small)
            else:
                before, after = self.before_after(i)
                span = n + before + after - eff
                if span < 0:
                    return None
                out = span // s + 1
                if self.ceil and span % s:
                    out += 1
                    if (out - 1) * s >= n + before:
                        out -= 1
            for o in range(out):
                taps = [o * s - before + j * d for j in range(k)]
                if not any(0 <= t < n for t in taps):
                    return None
            overhang = max(0, (out - 1) * s + eff - (n + before + after))
            res.append({"out": out, "before": before, "after": after, "overhang": overhang})
        return res

    def options(self, indices=False):
        o = {"op": self.op, "kernel": self.k}
        if self.s != self.k:
            o["stride"] = self.s
        if self.auto:
            o["padding"] = self.auto
        elif self.pads is not None:
            o["padding"] = self.pads
        if self.d != [1] * self.rank:
            o["dilation"] = self.d
        if self.ceil:
            o["ceilMode"] = True
        if not self.cip and self.op == "avg":
            o["countIncludePad"] = False
        if self.op == "lp":
            o["p"] = self.p
        if indices:
            o["returnIndices"] = True
        return o

    def label(self, size):
        parts = ["%s%dd k%s" % (self.op, self.rank, "x".join(map(str, self.k)))]
        if self.s != self.k:
            parts.append("s" + "x".join(map(str, self.s)))
        if self.auto:
            parts.append(self.auto)
        elif self.pads is not None:
            parts.append("p" + "_".join(map(str, self.pads)))
        if self.d != [1] * self.rank:
            parts.append("d" + "x".join(map(str, self.d)))
        if self.ceil:
            parts.append("ceil")
        if self.op == "avg" and not self.cip:
            parts.append("nopad")
        if self.op == "lp":
            parts.append("p%g" % self.p)
        return " ".join(parts) + " in" + "x".join(map(str, size))


# ---------------------------------------------------------------------------
# The reference: pad explicitly (F.pad), then read every window with
# Tensor.unfold, for any rank.


def pad_spec(ax, extra):
    """F.pad's list (last axis first) of before, after(+overhang if extra)."""
    spec = []
    for a in reversed(ax):
        spec += [a["before"], a["after"] + (a["overhang"] if extra else 0)]
    return spec


def unfold(xp, cfg, ax):
    """Windows of xp (planes, *spatial), shape (planes, *out, *kernel)."""
    r = cfg.rank
    w = xp
    for i in range(r):
        eff = (cfg.k[i] - 1) * cfg.d[i] + 1
        w = w.unfold(1 + i, eff, cfg.s[i])
        w = w[..., :: cfg.d[i]]
    # unfold appends the window axes in order; keep only the first out cells
    idx = tuple([slice(None)] + [slice(0, a["out"]) for a in ax])
    return w[idx]


def ref_extreme(x, cfg, ax, is_min):
    """Max (or min) and indices: -inf padding, then PyTorch's max pooling
    without padding; indices mapped back to the unpadded plane."""
    r = cfg.rank
    size = x.shape[-r:]
    xp = (-x if is_min else x).reshape((-1, 1) + tuple(size))
    xp = F.pad(xp, pad_spec(ax, True), value=float("-inf"))
    out, idx = NATIVE[r][0](xp, cfg.k, cfg.s, 0, cfg.d, False, True)
    idx = idx.reshape(-1)
    padded = xp.shape[2:]
    coords = np.unravel_index(idx.numpy(), padded)
    back = np.zeros_like(idx.numpy())
    for i in range(r):
        c = coords[i] - ax[i]["before"]
        assert ((c >= 0) & (c < size[i])).all()
        back = back * size[i] + c
    out = out.reshape(x.shape[:-r] + out.shape[-r:])
    return (-out if is_min else out), torch.from_numpy(back.astype(np.int64)).reshape(out.shape)


def ref_avg(x, cfg, ax):
    """Sum in float32, one tap at a time in row-major order, then divide by
    the count of an unfolded mask: input cells, plus the padding when it is
    counted (never SAME's, never ceil mode's overhang)."""
    r = cfg.rank
    size = tuple(x.shape[-r:])
    xp = x.reshape((-1,) + size)
    win = unfold(F.pad(xp, pad_spec(ax, True), value=0.0), cfg, ax)
    win = win.reshape(win.shape[: 1 + r] + (-1,))
    total = torch.zeros(win.shape[:-1], dtype=torch.float32)
    for j in range(win.shape[-1]):
        total = total + win[..., j]
    ones = torch.ones((1,) + size)
    if cfg.cip and not cfg.auto:
        mask = F.pad(ones, pad_spec(ax, False), value=1.0)
        mask = F.pad(mask, [v for a in reversed(ax) for v in (0, a["overhang"])], value=0.0)
    else:
        mask = F.pad(ones, pad_spec(ax, True), value=0.0)
    count = unfold(mask, cfg, ax).reshape((1,) + tuple(win.shape[1 : 1 + r]) + (-1,)).sum(-1)
    out = total / count
    return out.reshape(x.shape[:-r] + out.shape[1:])


def ref_lp(x, cfg, ax):
    """The true Lp norm over the window's input cells, in float64."""
    r = cfg.rank
    size = tuple(x.shape[-r:])
    a = x.double().abs().reshape((-1,) + size)
    win = unfold(F.pad(a, pad_spec(ax, True), value=0.0), cfg, ax)
    win = win.reshape(win.shape[: 1 + r] + (-1,))
    p = cfg.p
    out = (win ** p).sum(-1) ** (1.0 / p)
    return out.float().reshape(x.shape[:-r] + out.shape[1:])


def native_ok(cfg, ax):
    """PyTorch's modules take this case: symmetric pads within half the
    (effective) kernel, no SAME."""
    if cfg.auto or (cfg.pads is not None and len(cfg.pads) != cfg.rank):
        return False
    for i, a in enumerate(ax):
        if cfg.op == "max" or cfg.op == "min":
            if a["before"] > cfg.k[i] // 2:  # PyTorch's max: at most half the kernel
                return False
        elif a["before"] > cfg.k[i] // 2 or cfg.d[i] != 1:
            return False
    return True


COUNTS = {}


def count(key):
    COUNTS[key] = COUNTS.get(key, 0) + 1


def pool(x, cfg, ax):
    """The expected output (and indices for max and min), from PyTorch where
    it can, after checking the reference against it."""
    r = cfg.rank
    pads = [a["before"] for a in ax]
    planes = x.reshape((-1, 1) + tuple(x.shape[-r:]))
    native = native_ok(cfg, ax)
    if cfg.op in ("max", "min"):
        neg = cfg.op == "min"
        ref, ref_idx = ref_extreme(x, cfg, ax, neg)
        if native:
            out, idx = NATIVE[r][0](-planes if neg else planes, cfg.k, cfg.s, pads, cfg.d, cfg.ceil, True)
            out = (-out if neg else out).reshape(ref.shape)
            assert torch.equal(out.isnan(), ref.isnan()) and torch.equal(out.nan_to_num(), ref.nan_to_num()), cfg.label(x.shape)
            assert torch.equal(idx.reshape(ref_idx.shape), ref_idx), cfg.label(x.shape)
            count("%s%dd checked against PyTorch" % (cfg.op, r))
            return out, idx.reshape(ref_idx.shape)
        return ref, ref_idx
    if cfg.op == "avg":
        ref = ref_avg(x, cfg, ax)
        if native:
            out = NATIVE[r][1](planes, cfg.k, cfg.s, pads, cfg.ceil, cfg.cip).reshape(ref.shape)
            assert g.ulps(out.numpy(), ref.numpy()) == 0, cfg.label(x.shape)
            count("avg%dd checked against PyTorch" % r)
            return out, None
        return ref, None
    ref = ref_lp(x, cfg, ax)
    whole = all(a["overhang"] == 0 for a in ax)
    if r == 1 and native and not cfg.pads and cfg.d == [1] and whole:
        a = x.double().abs().reshape((-1, 1) + tuple(x.shape[-r:]))
        out = F.lp_pool1d(a, cfg.p, cfg.k[0], cfg.s[0], cfg.ceil).float().reshape(ref.shape)
        g.stat("LPPool1d vs reference, max ulps", g.ulps(out.numpy(), ref.numpy()))
        assert g.ulps(out.numpy(), ref.numpy()) <= 2, cfg.label(x.shape)
        count("lp1d checked against PyTorch")
    return ref, None


# ---------------------------------------------------------------------------
# Inputs.


def rand_shape(rng, size, max_elems):
    lead = int(rng.integers(0, 3))
    planes_cap = max(1, max_elems // int(np.prod(size)))
    shape = [int(rng.integers(1, min(3, planes_cap) + 1)) for _ in range(lead)]
    while shape and int(np.prod(shape)) > planes_cap:
        shape.pop()
    return tuple(shape) + tuple(size)


def rand_kind(rng, op):
    kinds = ["normal", "wide", "ties", "pos"]
    return str(rng.choice(kinds))


def rand_cfg(rng, op, rank):
    k = [int(rng.integers(1, 5 if rank == 3 else 7)) for _ in range(rank)]
    s = [int(rng.integers(1, 4)) for _ in range(rank)] if rng.random() < 0.6 else None
    d = None
    if op != "avg" or rng.random() < 0.5:
        if rng.random() < 0.35:
            d = [int(rng.integers(1, 4)) for _ in range(rank)]
    if op == "avg" and d is not None and rng.random() < 0.5:
        d = None
    mode = rng.choice(["none", "sym", "begin_end", "same_upper", "same_lower"], p=[0.2, 0.25, 0.3, 0.1, 0.15])
    pads, auto, ceil = None, None, False
    if mode == "sym":
        dd = d or [1] * rank
        pads = [int(rng.integers(0, ((k[i] - 1) * dd[i] + 1) // 2 + 1)) for i in range(rank)]
    elif mode == "begin_end":
        pads = [int(rng.integers(0, k[i % rank])) for i in range(2 * rank)]
    elif mode in ("same_upper", "same_lower"):
        auto = str(mode)
    if auto is None:
        ceil = bool(rng.random() < 0.35)
    cip = bool(rng.random() < 0.5)
    p = float(rng.choice([1.0, 2.0, 3.0])) if op == "lp" else 2.0
    return Cfg(op, k, s, pads, d, ceil, cip, p, auto)


def fit(rng, cfg, max_side):
    for _ in range(50):
        size = []
        for i in range(cfg.rank):
            eff = (cfg.k[i] - 1) * cfg.d[i] + 1
            size.append(int(rng.integers(max(1, eff - 2), eff + max_side)))
        ax = cfg.axes(size)
        if ax is not None:
            return size, ax
    return None, None


def tensor_case(name, call, options, x, out, idx=None, tol=None):
    case = {"name": name, "call": call, "options": options, "input": g.tensor_json(x, x.shape),
            "output": g.tensor_json(out, out.shape)}
    if idx is not None:
        case["indices"] = [int(v) for v in idx.reshape(-1)]
    if tol:
        case["tolerance"] = tol
    return case


# ---------------------------------------------------------------------------
# Families.


def gen_pool():
    rng = np.random.default_rng(20261201)
    cases = []
    # PyTorch's modules on their own ground first, then everything.
    fixed = [
        (Cfg("max", [3], [2]), [9]), (Cfg("max", [3], [1], [1], ceil=True), [8]),
        (Cfg("max", [2], [2], [1], [2]), [7]), (Cfg("avg", [3], [2], [1], cip=False), [8]),
        (Cfg("avg", [3], [2], [1], ceil=True), [8]), (Cfg("lp", [3], [2], p=2.0), [9]),
        (Cfg("max", [2, 2, 2], [2, 2, 2]), [4, 4, 4]), (Cfg("max", [3, 3, 3], [2, 2, 2], [1, 1, 1], ceil=True), [5, 6, 5]),
        (Cfg("avg", [2, 2, 2], [1, 1, 1], [1, 0, 1]), [3, 4, 5]), (Cfg("avg", [3, 3, 3], [2, 2, 2], [1, 1, 1], ceil=True, cip=False), [5, 5, 6]),
        (Cfg("max", [2, 2, 2], [1, 1, 1], d=[2, 2, 2]), [4, 4, 4]),
        # ONNX's node tests: SAME_LOWER, SAME_UPPER, pads past half the kernel,
        # asymmetric pads, 3-D dilations with ceil mode.
        (Cfg("max", [2, 2], [1, 1], auto="same_lower"), [5, 5]), (Cfg("avg", [2, 2], [1, 1], auto="same_lower"), [5, 5]),
        (Cfg("max", [3, 3], [2, 2], auto="same_upper"), [5, 5]), (Cfg("avg", [3, 3], [2, 2], auto="same_upper"), [5, 5]),
        (Cfg("max", [5, 5], [1, 1], [2, 2, 2, 2]), [5, 5]), (Cfg("avg", [3, 3], [1, 1], [2, 2, 2, 2]), [28, 28]),
        (Cfg("avg", [3, 3], [1, 1], [2, 2, 2, 2], cip=False), [7, 7]), (Cfg("lp", [2, 2], [1, 1], [1, 1, 1, 1], p=2.0), [4, 4]),
        (Cfg("lp", [3, 3], [1, 1], auto="same_lower", p=2.0), [5, 5]), (Cfg("lp", [2], [1], p=3.0), [10]),
        (Cfg("lp", [2, 2, 2], [1, 1, 1], p=2.0), [4, 4, 4]), (Cfg("max", [2], [1], [0, 1]), [5]),
        (Cfg("avg", [2, 2, 2], [1, 1, 1], d=[2, 2, 2], ceil=True), [4, 4, 4]),
        (Cfg("avg", [2, 2, 2], [1, 1, 1], d=[2, 2, 2], ceil=True, cip=False), [4, 4, 4]),
        (Cfg("max", [3, 3], [2, 2], [0, 0, 1, 1]), [6, 6]), (Cfg("min", [3, 2, 2], [1, 2, 2], [2, 0, 1, 0, 1, 1]), [4, 5, 4]),
    ]
    for i, (cfg, size) in enumerate(fixed):
        ax = cfg.axes(size)
        assert ax is not None, cfg.label(size)
        shape = (1, 2) + tuple(size)
        x = g.rand_data(rng, shape, "pos" if cfg.op == "lp" else "normal")
        indices = cfg.op in ("max", "min")
        out, idx = pool(x, cfg, ax)
        cases.append(tensor_case("fixed %s #%d" % (cfg.label(size), i), "poolTensor", cfg.options(indices), x, out, idx))
    n = 0
    for i in range(260):
        rank = (1, 3, 2, 1, 3)[i % 5]
        op = ("max", "avg", "min", "lp")[(i // 5) % 4]
        cfg = rand_cfg(rng, op, rank)
        size, ax = fit(rng, cfg, 7 if rank == 3 else 14)
        if size is None:
            continue
        shape = rand_shape(rng, size, 1500)
        kind = rand_kind(rng, op)
        x = g.rand_data(rng, shape, kind)
        indices = op in ("max", "min") and rng.random() < 0.7
        out, idx = pool(x, cfg, ax)
        cases.append(tensor_case("%s r%d %s #%d" % (cfg.label(size), len(shape), kind, i), "poolTensor",
                                 cfg.options(indices), x, out, idx if indices else None))
        n += 1
    # NaN and infinities in max and min, through PyTorch's modules.
    for i, op in enumerate(("max", "min", "max", "min")):
        rank = 1 + 2 * (i % 2)
        cfg = Cfg(op, [2] * rank, [1] * rank, [1] * rank if i < 2 else None)
        size = [5] * rank if rank == 1 else [3, 4, 3]
        x = g.rand_data(rng, (2,) + tuple(size), "ties")
        flat = x.reshape(-1)
        for j in rng.choice(flat.numel(), 4, replace=False):
            flat[int(j)] = float(rng.choice([np.nan, np.inf, -np.inf]))
        out, idx = pool(x, cfg, cfg.axes(size))
        cases.append(tensor_case("special %s #%d" % (cfg.label(size), i), "poolTensor", cfg.options(True), x, out, idx))
    return cases


def gen_adaptive():
    rng = np.random.default_rng(20261202)
    cases = []
    for i in range(48):
        rank = (1, 3)[i % 2]
        op = ("max", "avg", "min")[(i // 2) % 3]
        size = [int(rng.integers(1, 20 if rank == 1 else 8)) for _ in range(rank)]
        outsz = [int(rng.integers(1, (24 if rank == 1 else 9))) for _ in range(rank)]
        if i % 12 == 5:
            outsz = [1] * rank
        shape = rand_shape(rng, size, 1500)
        kind = rand_kind(rng, op)
        x = g.rand_data(rng, shape, kind)
        planes = x.reshape((-1, 1) + tuple(size))
        options = {"op": op, "outputSize": outsz}
        idx, tol = None, None
        if op == "avg":
            if outsz == [1] * rank:
                out, tol = plane_mean(planes, rank)
            else:
                out = NATIVE[rank][3](planes, outsz)
        else:
            neg = op == "min"
            out, idx = NATIVE[rank][2](-planes if neg else planes, outsz, True)
            if neg:
                out = -out
            options["returnIndices"] = True
        out = out.reshape(tuple(shape[:-rank]) + tuple(outsz))
        cases.append(tensor_case("adaptive %s%dd in%s out%s r%d %s #%d" % (
            op, rank, "x".join(map(str, size)), "x".join(map(str, outsz)), len(shape), kind, i),
            "adaptivePool", options, x, out, idx, tol))
    return cases


def plane_mean(planes, rank):
    dims = tuple(range(-rank, 0))
    exact = planes.double().mean(dims, keepdim=True).float()
    g.stat("mean: PyTorch float32 vs float64, max ulps", g.ulps(planes.mean(dims, keepdim=True).numpy(), exact.numpy()))
    return exact, {"ulps": g.MEAN_ULPS}


def gen_global():
    rng = np.random.default_rng(20261203)
    cases = []
    for i in range(36):
        rank = (1, 2, 3)[i % 3]
        op = ("max", "avg", "min", "lp")[(i // 3) % 4]
        size = [int(rng.integers(1, (30, 12, 7)[rank - 1])) for _ in range(rank)]
        shape = rand_shape(rng, size, 2000)
        kind = rand_kind(rng, op)
        x = g.rand_data(rng, shape, kind)
        planes = x.reshape((-1, 1) + tuple(size))
        tol = None
        options = {"op": op}
        if rank != 2 or i % 2:
            options["dims"] = rank
        if op in ("max", "min"):
            neg = op == "min"
            out = NATIVE[rank][2](-planes if neg else planes, [1] * rank)
            out = -out if neg else out
        elif op == "avg":
            out, tol = plane_mean(planes, rank)
        else:
            p = float(rng.choice([1.0, 2.0, 3.0]))
            if p != 2.0 or i % 2:
                options["p"] = p
            dims = tuple(range(-rank, 0))
            out = (planes.double().abs() ** p).sum(dims, keepdim=True) ** (1.0 / p)
            out = out.float()
        out = out.reshape(tuple(shape[:-rank]) + (1,) * rank)
        cases.append(tensor_case("global %s%dd in%s r%d %s #%d" % (op, rank, "x".join(map(str, size)), len(shape), kind, i),
                                 "globalPool", options, x, out, None, tol))
    return cases


def gen_unpool():
    rng = np.random.default_rng(20261204)
    cases = []
    for i in range(32):
        rank = (1, 3)[i % 2]
        k = [int(rng.integers(1, 4)) for _ in range(rank)]
        s = [int(rng.integers(1, 4)) for _ in range(rank)]
        pads = [int(rng.integers(0, k[j] // 2 + 1)) for j in range(rank)]
        size = [int(rng.integers(k[j] + 1, (16 if rank == 1 else 6) + k[j])) for j in range(rank)]
        shape = rand_shape(rng, size, 1200)
        x = g.rand_data(rng, shape, "normal")
        planes = x.reshape((-1, 1) + tuple(size))
        pooled, idx = NATIVE[rank][0](planes, k, s, pads, 1, False, True)
        options = {"kernel": k}
        if s != k:
            options["stride"] = s
        if any(pads):
            options["padding"] = pads
        default = [(pooled.shape[2 + j] - 1) * s[j] - 2 * pads[j] + k[j] for j in range(rank)]
        if i % 4 >= 2:
            # PyTorch takes an output size up to a stride past the default.
            osz = [default[j] + int(rng.integers(0, s[j])) for j in range(rank)]
            options["outputSize"] = osz
        else:
            osz = default
        if int(idx.max()) >= int(np.prod(osz)):
            continue
        out = NATIVE[rank][4](pooled, idx, k, s, pads, osz)
        pshape = tuple(shape[:-rank]) + tuple(pooled.shape[2:])
        case = {"name": "unpool%dd k%s s%s p%s in%s out%s #%d" % (
            rank, "x".join(map(str, k)), "x".join(map(str, s)), "x".join(map(str, pads)),
            "x".join(map(str, pooled.shape[2:])), "x".join(map(str, osz)), i),
            "call": "unpool", "options": options, "input": g.tensor_json(pooled, pshape),
            "indices": [int(v) for v in idx.reshape(-1)],
            "output": g.tensor_json(out, tuple(shape[:-rank]) + tuple(osz))}
        cases.append(case)
    # ONNX's begin/end pads shrink the default output size by both.
    cfg = Cfg("max", [2, 2], [2, 2], [1, 0, 0, 0])
    x = g.rand_data(rng, (1, 1, 3, 4), "normal")
    pooled, idx = ref_extreme(x, cfg, cfg.axes([3, 4]), False)
    k, s = cfg.k, cfg.s
    out = F.max_unpool2d(pooled, idx, k, s, 0, [3, 4])
    cases.append({"name": "unpool2d begin/end pads [1, 0, 0, 0]", "call": "unpool",
                  "options": {"kernel": k, "padding": [1, 0, 0, 0]}, "input": g.tensor_json(pooled, pooled.shape),
                  "indices": [int(v) for v in idx.reshape(-1)], "output": g.tensor_json(out, out.shape)})
    return cases


def write(name, cases):
    names = set()
    for c in cases:
        assert c["name"] not in names, c["name"]
        names.add(c["name"])
    with open(os.path.join(OUT_DIR, name), "w") as f:
        f.write('{"source":"tools/gen_golden_nd.py, PyTorch %s","cases":[\n' % torch.__version__)
        f.write(",\n".join(g.dump(c) for c in cases))
        f.write("\n]}\n")


def main():
    for name, gen in (("nd_pool.json", gen_pool), ("nd_adaptive.json", gen_adaptive),
                      ("nd_global.json", gen_global), ("nd_unpool.json", gen_unpool)):
        cases = gen()
        write(name, cases)
        print("%s: %d cases" % (name, len(cases)))
    for k in sorted(g.STATS):
        print("  %s: %s" % (k, g.STATS[k]))
    for k in sorted(COUNTS):
        print("  %s: %d cases" % (k, COUNTS[k]))


if __name__ == "__main__":
    main()
