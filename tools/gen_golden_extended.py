#!/usr/bin/python3
"""Writes the golden vectors of gradients, fractional max pooling, the divisor
override and region pooling, pool/testdata/golden/extended/*.json, from
PyTorch and torchvision.

    /usr/bin/python3 tools/gen_golden_extended.py [output directory]

Every expected value is torch's own (1.13, CPU, one thread) or
torchvision's (0.14):

- poolGrad, adaptiveGrad, globalGrad, unpoolGrad, fractionalGrad:
  torch.autograd on the forward call in float32 (max_poolNd, avg_poolNd with
  divisor_override, adaptive_*_poolNd, max_unpoolNd, fractional_max_poolNd);
  min is -max_pool(-x). Lp follows the true norm (sum |x|^p)^(1/p): its
  gradient is autograd's in float64 on avg_pool(|x|^p, divisor_override=1)
  ** (1/p), rounded once to float32 (tolerance 4 ulps);
- fractional: F.fractional_max_poolNd with _random_samples, output and
  indices;
- divisor: avg_poolNd with divisor_override; picture cases pool the byte
  values in float64 the same way, then round half to even and clamp;
- roiAlign, maxRoiPool: torchvision.ops.roi_align (average; torchvision has
  no max mode, ONNX's node tests cover it) and roi_pool.

The run is deterministic: fixed seeds. The format is tools/README.md's, with
the extra tensors as fields beside "input": gradOutput, indices, rois,
samples (the JS option names).
"""

import os
import sys

import numpy as np
import torch
import torch.nn.functional as F
import torchvision
import torchvision.ops as tvo

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen_golden as g  # noqa: E402  (the shared JSON format)

torch.set_num_threads(1)

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT_DIR = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "pool", "testdata", "golden", "extended")


def write(name, cases):
    """gen_golden's format, naming this script as the source."""
    path = os.path.join(OUT_DIR, name)
    assert len({c["name"] for c in cases}) == len(cases), name
    with open(path, "w") as f:
        f.write('{"source":"tools/gen_golden_extended.py, PyTorch %s, torchvision %s","cases":[\n'
                % (torch.__version__, torchvision.__version__))
        f.write(",\n".join(g.dump(c) for c in cases))
        f.write("\n]}\n")
    print("%-26s %4d cases %8d bytes" % (name, len(cases), os.path.getsize(path)), file=sys.stderr)


RNG = np.random.default_rng(22)

MAX = {1: F.max_pool1d, 2: F.max_pool2d, 3: F.max_pool3d}
AVG = {1: F.avg_pool1d, 2: F.avg_pool2d, 3: F.avg_pool3d}
AMAX = {1: F.adaptive_max_pool1d, 2: F.adaptive_max_pool2d, 3: F.adaptive_max_pool3d}
AAVG = {1: F.adaptive_avg_pool1d, 2: F.adaptive_avg_pool2d, 3: F.adaptive_avg_pool3d}
UNPOOL = {1: F.max_unpool1d, 2: F.max_unpool2d, 3: F.max_unpool3d}


def data(shape, kind="normal"):
    n = int(np.prod(shape))
    if kind == "ties":
        v = RNG.integers(-2, 3, n).astype(np.float64)
    elif kind == "nonzero":
        v = RNG.uniform(0.25, 3, n) * RNG.choice([-1.0, 1.0], n)
    else:
        v = RNG.standard_normal(n)
    return torch.from_numpy(v.astype(np.float32)).reshape(shape)


def tj(t):
    return g.tensor_json(t.detach(), t.shape)


def autograd(x, forward, gout=None):
    x = x.clone().requires_grad_(True)
    y = forward(x)
    if gout is None:
        gout = data(y.shape)
    y.backward(gout.to(y.dtype))
    # Min, computed as -max(-x), leaves -0 in the cells no window picks:
    # adding +0 makes them the 0 that a gradient nothing reaches is.
    return y.detach(), gout, x.grad.detach() + 0.0


def pool_opts(op, k, s, pad, d, ceil, cip, p=None, div=None):
    o = {"op": op, "kernel": list(k), "stride": list(s)}
    if any(pad):
        o["padding"] = list(pad)
    if any(v != 1 for v in d):
        o["dilation"] = list(d)
    if ceil:
        o["ceilMode"] = True
    if not cip:
        o["countIncludePad"] = False
    if p is not None:
        o["p"] = p
    if div is not None:
        o["divisorOverride"] = div
    return o


def lp_sum(x, k, s, pad, rank):
    """The window sums of x by avg_pool with divisor 1 (1-D through 2-D)."""
    if rank == 1:
        return F.avg_pool2d(x.unsqueeze(-2), (1, k[0]), (1, s[0]), (0, pad[0]), divisor_override=1).squeeze(-2)
    return AVG[rank](x, k, s, pad, divisor_override=1)


def gen_grad():
    cases = []
    configs = [  # rank, shape, kernel, stride, padding, dilation, ceil
        (1, (2, 3, 11), (3,), (2,), (1,), (1,), False),
        (1, (1, 2, 9), (4,), (1,), (2,), (1,), True),
        (2, (2, 2, 7, 8), (3, 3), (2, 2), (1, 1), (1, 1), False),
        (2, (1, 3, 6, 7), (2, 3), (1, 2), (0, 1), (1, 1), True),
        (2, (1, 1, 9, 9), (3, 2), (2, 1), (1, 0), (1, 1), False),
        (3, (1, 2, 5, 6, 5), (2, 3, 2), (1, 2, 1), (1, 1, 0), (1, 1, 1), False),
        (3, (2, 1, 4, 5, 6), (3, 2, 2), (2, 2, 2), (1, 0, 1), (1, 1, 1), True),
    ]
    for i, (rank, shape, k, s, pad, d, ceil) in enumerate(configs):
        for kind in ("normal", "ties"):
            x = data(shape, kind)
            for op in ("max", "min"):
                if op == "max":
                    fwd = lambda t: MAX[rank](t, k, s, pad, d, ceil_mode=ceil)
                else:
                    fwd = lambda t: -MAX[rank](-t, k, s, pad, d, ceil_mode=ceil)
                y, gout, gin = autograd(x, fwd)
                cases.append({"name": "%s_%dd_%d_%s" % (op, rank, i, kind), "call": "poolGrad",
                              "options": pool_opts(op, k, s, pad, d, ceil, True), "input": tj(x),
                              "gradOutput": tj(gout), "output": tj(gin)})
        x = data(shape)
        for cip in (True, False):
            fwd = lambda t: AVG[rank](t, k, s, pad, ceil, cip)
            y, gout, gin = autograd(x, fwd)
            cases.append({"name": "avg_%dd_%d_%s" % (rank, i, "cip" if cip else "nocip"), "call": "poolGrad",
                          "options": pool_opts("avg", k, s, pad, d, ceil, cip), "input": tj(x),
                          "gradOutput": tj(gout), "output": tj(gin)})
        if rank > 1:
            div = 3 + i
            fwd = lambda t: AVG[rank](t, k, s, pad, ceil, True, divisor_override=div)
            y, gout, gin = autograd(x, fwd)
            cases.append({"name": "avg_%dd_%d_divisor" % (rank, i), "call": "poolGrad",
                          "options": pool_opts("avg", k, s, pad, d, ceil, True, div=div), "input": tj(x),
                          "gradOutput": tj(gout), "output": tj(gin)})
        if not ceil:
            x = data(shape, "nonzero")
            for p in (1.0, 2.0, 3.0):
                x64 = x.double()
                fwd = lambda t: lp_sum(t.abs() ** p, k, s, pad, rank) ** (1 / p)
                y, gout, gin = autograd(x64, fwd, data(fwd(x64).shape))
                cases.append({"name": "lp_%dd_%d_p%g" % (rank, i, p), "call": "poolGrad",
                              "options": pool_opts("lp", k, s, pad, d, ceil, True, p=p), "input": tj(x),
                              "gradOutput": tj(gout), "output": tj(gin.float()), "tolerance": {"ulps": 4}})
    # Dilation (max only in PyTorch) and a NaN, which wins its windows.
    x = data((1, 2, 8, 9))
    y, gout, gin = autograd(x, lambda t: F.max_pool2d(t, (3, 2), (1, 2), (1, 1), (2, 3)))
    cases.append({"name": "max_2d_dilated", "call": "poolGrad", "options": pool_opts("max", (3, 2), (1, 2), (1, 1), (2, 3), False, True),
                  "input": tj(x), "gradOutput": tj(gout), "output": tj(gin)})
    x = data((1, 1, 6, 6))
    x[0, 0, 2, 3] = float("nan")
    y, gout, gin = autograd(x, lambda t: F.max_pool2d(t, 3, 1))
    cases.append({"name": "max_2d_nan", "call": "poolGrad", "options": pool_opts("max", (3, 3), (1, 1), (0, 0), (1, 1), False, True),
                  "input": tj(x), "gradOutput": tj(gout), "output": tj(gin)})
    write("grad.json", cases)


def gen_adaptive_global():
    cases = []
    for rank, shape, outs in [
        (1, (2, 3, 10), [(4,), (1,), (13,)]),
        (2, (1, 2, 7, 9), [(3, 4), (1, 1), (9, 5)]),
        (3, (1, 2, 5, 4, 6), [(2, 3, 4), (1, 1, 1), (6, 2, 3)]),
    ]:
        for out in outs:
            for op in ("max", "min", "avg"):
                x = data(shape, "ties" if op != "avg" else "normal")
                if op == "max":
                    fwd = lambda t: AMAX[rank](t, out)
                elif op == "min":
                    fwd = lambda t: -AMAX[rank](-t, out)
                else:
                    fwd = lambda t: AAVG[rank](t, out)
                y, gout, gin = autograd(x, fwd)
                cases.append({"name": "%s_%dd_%s" % (op, rank, "x".join(map(str, out))), "call": "adaptiveGrad",
                              "options": {"op": op, "outputSize": list(out)}, "input": tj(x),
                              "gradOutput": tj(gout), "output": tj(gin)})
        x = data(shape, "nonzero")
        dims = tuple(range(-rank, 0))
        for op in ("max", "min", "avg", "lp"):
            tol = None
            if op == "max":
                y, gout, gin = autograd(x, lambda t: AMAX[rank](t, (1,) * rank))
            elif op == "min":
                y, gout, gin = autograd(x, lambda t: -AMAX[rank](-t, (1,) * rank))
            elif op == "avg":
                y, gout, gin = autograd(x, lambda t: AAVG[rank](t, (1,) * rank))
            else:
                fwd = lambda t: (t.abs() ** 3).sum(dims, keepdim=True) ** (1 / 3)
                y, gout, gin = autograd(x.double(), fwd, data(fwd(x.double()).shape))
                gin, tol = gin.float(), {"ulps": 4}
            c = {"name": "%s_%dd" % (op, rank), "call": "globalGrad", "options": {"op": op, "dims": rank},
                 "input": tj(x), "gradOutput": tj(gout), "output": tj(gin)}
            if op == "lp":
                c["options"]["p"] = 3.0
            if tol:
                c["tolerance"] = tol
            cases.append(c)
    write("adaptive_global_grad.json", cases)


def gen_unpool():
    cases = []
    for rank, shape, k, s in [(1, (2, 2, 9), (3,), (2,)), (2, (1, 2, 6, 7), (2, 2), (2, 2)),
                              (2, (1, 1, 7, 7), (3, 3), (2, 2)), (3, (1, 2, 4, 5, 4), (2, 2, 2), (2, 2, 2))]:
        x = data(shape)
        y, idx = MAX[rank](x, k, s, return_indices=True)
        size = list(x.shape[-rank:])
        yy, gout, gin = autograd(y, lambda t: UNPOOL[rank](t, idx, k, s, output_size=size))
        cases.append({"name": "unpool_%dd_%s" % (rank, "x".join(map(str, k))), "call": "unpoolGrad",
                      "options": {"kernel": list(k), "stride": list(s), "outputSize": size},
                      "input": tj(y), "indices": [int(v) for v in idx.reshape(-1)],
                      "gradOutput": tj(gout), "output": tj(gin)})
    write("unpool_grad.json", cases)


def gen_fractional():
    cases = []
    for rank, shape, k, size, ratio in [
        (2, (2, 3, 9, 11), (2, 2), (4, 5), None),
        (2, (1, 2, 10, 10), (3, 3), None, (0.5, 0.7)),
        (2, (3, 8, 13), (2, 3), (7, 6), None),
        (2, (1, 1, 7, 7), (3, 2), (5, 6), None),
        (3, (1, 2, 7, 8, 9), (2, 2, 3), (3, 4, 5), None),
        (3, (2, 6, 7, 6), (2, 3, 2), None, (0.5, 0.6, 0.75)),
    ]:
        for kind in ("normal", "ties"):
            x = data(shape, kind)
            n = shape[0] if len(shape) == rank + 2 else 1
            c = shape[-rank - 1]
            samples = torch.from_numpy(RNG.uniform(0, 1, (n, c, rank)).astype(np.float32))
            fn = F.fractional_max_pool2d if rank == 2 else F.fractional_max_pool3d
            xb = x if len(shape) == rank + 2 else x.unsqueeze(0)
            kw = {"output_size": size} if size else {"output_ratio": ratio}
            y, idx = fn(xb, k, return_indices=True, _random_samples=samples, **kw)
            xr = xb.clone().requires_grad_(True)
            yr = fn(xr, k, _random_samples=samples, **kw)
            gout = data(yr.shape)
            yr.backward(gout)
            if len(shape) != rank + 2:
                y, idx, gout, grad = y[0], idx[0], gout[0], xr.grad[0]
            else:
                grad = xr.grad
            opts = {"kernel": list(k), "returnIndices": True}
            if size:
                opts["outputSize"] = list(size)
            else:
                opts["outputRatio"] = list(ratio)
            name = "%dd_%s_%s" % (rank, "x".join(map(str, shape)), kind)
            sj = g.F32(samples.reshape(-1).numpy())
            cases.append({"name": name, "call": "fractional", "options": opts, "samples": sj, "input": tj(x),
                          "output": tj(y), "indices": [int(v) for v in idx.reshape(-1)]})
            cases.append({"name": name + "_grad", "call": "fractionalGrad", "options": opts, "samples": sj,
                          "input": tj(x), "gradOutput": tj(gout), "output": tj(grad.detach())})
    write("fractional.json", cases)


def gen_divisor():
    cases = []
    for rank, shape, k, s, pad, ceil, div in [
        (2, (1, 2, 7, 8), (3, 3), (2, 2), (1, 1), False, 5),
        (2, (2, 1, 6, 6), (2, 2), (2, 2), (0, 0), True, 1),
        (2, (3, 5, 9), (3, 2), (1, 2), (1, 0), False, 17),
        (3, (1, 2, 5, 6, 5), (2, 3, 2), (2, 2, 1), (1, 1, 0), False, 7),
        (3, (1, 1, 4, 4, 4), (3, 3, 3), (1, 1, 1), (1, 1, 1), True, 100),
    ]:
        x = data(shape)
        y = AVG[rank](x, k, s, pad, ceil, True, divisor_override=div)
        cases.append({"name": "tensor_%dd_div%d" % (rank, div), "call": "poolTensor",
                      "options": pool_opts("avg", k, s, pad, (1,) * rank, ceil, True, div=div),
                      "input": tj(x), "output": tj(y)})
    for h, w, k, s, pad, div in [(7, 9, (2, 2), (2, 2), (0, 0), 3), (8, 8, (3, 3), (1, 1), (1, 1), 4),
                                 (6, 10, (3, 2), (2, 2), (1, 0), 50), (5, 5, (2, 2), (1, 1), (0, 0), 1)]:
        px = torch.from_numpy(RNG.integers(0, 256, (h, w, 4)).astype(np.float64))
        planes = px.permute(2, 0, 1).unsqueeze(0)
        y = F.avg_pool2d(planes, k, s, pad, divisor_override=div)
        y = torch.clamp(torch.round(y), 0, 255)[0].permute(1, 2, 0)
        cases.append({"name": "picture_%dx%d_div%d" % (h, w, div), "call": "pool",
                      "options": pool_opts("avg", k, s, pad, (1, 1), False, True, div=div),
                      "input": {"width": w, "height": h, "data": [int(v) for v in px.reshape(-1)]},
                      "output": {"width": y.shape[1], "height": y.shape[0], "data": [int(v) for v in y.reshape(-1)]}})
    write("divisor.json", cases)


def boxes(r, n, h, w, scale):
    rows = []
    for i in range(r):
        x1, x2 = sorted(RNG.uniform(-2, w / scale + 2, 2))
        y1, y2 = sorted(RNG.uniform(-2, h / scale + 2, 2))
        rows.append([float(RNG.integers(0, n)), x1, y1, x2, y2])
    rows.append([0.0, 1.0, 1.0, 1.0, 1.0])  # a point
    rows.append([float(n - 1), 3.0, 2.0, 1.0, 1.0])  # reversed corners
    return torch.tensor(rows, dtype=torch.float32)


def gen_roi():
    cases = []
    for shape, out, scale, ratio, aligned in [
        ((1, 2, 10, 12), (3, 3), 1.0, 2, False),
        ((2, 3, 9, 8), (2, 4), 0.5, 0, False),
        ((2, 1, 11, 13), (5, 3), 1.0, 0, True),
        ((1, 2, 8, 8), (4, 4), 0.25, 3, True),
        ((3, 7, 9), (2, 2), 1.0, 1, False),
    ]:
        x = data(shape)
        xb = x if len(shape) == 4 else x.unsqueeze(0)
        rois = boxes(4, xb.shape[0], shape[-2], shape[-1], scale)
        y = tvo.roi_align(xb, rois, out, scale, ratio, aligned)
        opts = {"outputSize": list(out), "spatialScale": scale, "samplingRatio": ratio, "aligned": aligned}
        name = "%s_%s_s%g_r%d%s" % ("x".join(map(str, shape)), "x".join(map(str, out)), scale, ratio, "_aligned" if aligned else "")
        cases.append({"name": "align_" + name, "call": "roiAlign", "options": opts, "input": tj(x), "rois": tj(rois),
                      "output": tj(y), "tolerance": {"ulps": 2}})
        y = tvo.roi_pool(xb, rois, out, scale)
        cases.append({"name": "pool_" + name, "call": "maxRoiPool", "options": {"outputSize": list(out), "spatialScale": scale},
                      "input": tj(x), "rois": tj(rois), "output": tj(y)})
    write("roi.json", cases)


if __name__ == "__main__":
    os.makedirs(OUT_DIR, exist_ok=True)
    gen_grad()
    gen_adaptive_global()
    gen_unpool()
    gen_fractional()
    gen_divisor()
    gen_roi()
