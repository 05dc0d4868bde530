#!/usr/bin/env python3
"""PyTorch peer of l2l4j's conv-net meta-training unroll (`./l2l bench`'s `unroll_cnn`).

The same work as the Java bench, written in plain PyTorch: K steps of the coordinate-wise 2 x 20 LSTM
optimizer (Andrychowicz et al. 2016, arXiv 1606.04474) on the `cnn` family's default network (two 5 x 5
convolutions of 8 channels, 'same' padding, ReLU, 2 x 2 max pooling; a dense softmax over 10 classes;
n = 5,746) on minibatches of 128 images of the repository's embedded MNIST, first-order BPTT, one Adam
step on the optimizer's weights. The conventions are those of the project's MNIST peer
(shared/peers/pytorch); README.md next to this file says what is the same and what differs.

usage:
  /usr/bin/python3 cnn_unroll.py bench-unroll [--unroll 20] [--repeats 10] [--warmup 3] [--meta-grad suffix]
  /usr/bin/python3 cnn_unroll.py check      (float64: autograd against suffix against central differences)
Threads: THREADS (default 2) -> torch.set_num_threads and OMP_NUM_THREADS; OPENBLAS_NUM_THREADS defaults to 1.
"""
import argparse
import gzip
import json
import math
import os
import statistics
import struct
import time

THREADS = int(os.environ.get("THREADS", "2"))
# As in the MNIST peer: OpenBLAS's pthread pool next to torch's OpenMP pool oversubscribes 2 cores, so gemms
# run on one OpenBLAS thread and everything else (oneDNN's convolutions included) on torch's THREADS.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", str(THREADS))

import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn as nn  # noqa: E402
import torch.nn.functional as F  # noqa: E402

torch.set_num_threads(THREADS)

HERE = os.path.dirname(os.path.abspath(__file__))
# The embedded mnist-10k the Java side reads (TrainTestData.embedded()).
DEFAULT_DATA = os.path.normpath(os.path.join(
    HERE, "..", "..", "optimizee", "src", "main", "resources", "org", "l2l4j", "optimizee", "mnist-10k"))


def blas_name():
    torch.mm(torch.rand(4, 4), torch.rand(4, 4))  # make sure the BLAS library is loaded
    with open("/proc/self/maps") as fh:
        maps = fh.read()
    for name in ("openblas", "mkl"):
        if name in maps:
            return name
    return "reference-or-other"


def read_idx(path):
    """An IDX file, raw or gzip (recognised by its magic bytes, as the Java reader does)."""
    with open(path, "rb") as fh:
        raw = fh.read()
    if raw[:2] == b"\x1f\x8b":
        raw = gzip.decompress(raw)
    magic, count = struct.unpack(">ii", raw[:8])
    if magic == 2051:
        rows, cols = struct.unpack(">ii", raw[8:16])
        return np.frombuffer(raw, dtype=np.uint8, offset=16).reshape(count, 1, rows, cols)
    if magic == 2049:
        return np.frombuffer(raw, dtype=np.uint8, offset=8).reshape(count)
    raise ValueError("%s: unknown IDX magic %d" % (path, magic))


def training_split(directory, dtype):
    """The training split as the Java side holds it: pixels byte/255 in [0, 1], images [count, 1, 28, 28]."""
    images = read_idx(os.path.join(directory, "train-images-idx3-ubyte.gz"))
    labels = read_idx(os.path.join(directory, "train-labels-idx1-ubyte.gz"))
    return torch.from_numpy(images.astype(np.float32) / 255.0).to(dtype), torch.from_numpy(labels.astype(np.int64))


class ConvNet:
    """The `cnn` family's default network as a function of one flat theta, in DL4J's params() order:
    per convolution its bias (8) then its weight [8, c_in, 5, 5] (row-major, as DL4J's and torch's), then
    the dense layer's weight (DL4J's [392, 10] in column-major order, i.e. torch's [10, 392] row-major)
    and its bias (10). Convolutions of stride 1 padded by 2 ('same'), ReLU, 2 x 2 max pooling of stride 2;
    the pooled maps flattened channel-major; softmax cross-entropy, mean over the minibatch.
    theta0 as DL4J's Xavier: weights N(0, 2 / (fan_in + fan_out)), fan = channels x 5 x 5; biases zero.
    batch(): `batch` images drawn uniformly WITH replacement from the training split."""

    def __init__(self, gen, images, labels, channels=8, kernel=5, layers=2, batch=128, classes=10):
        self.gen, self.images, self.labels, self.bs, self.kernel = gen, images, labels, batch, kernel
        dtype = images.dtype
        pieces, self.convs = [], []
        offset, c_in, side = 0, images.shape[1], images.shape[2]
        for _ in range(layers):
            shape = (channels, c_in, kernel, kernel)
            std = math.sqrt(2.0 / ((c_in + channels) * kernel * kernel))
            pieces += [torch.zeros(channels, dtype=dtype), torch.randn(shape, generator=gen, dtype=dtype) * std]
            self.convs.append((offset, offset + channels, shape))
            offset += channels + math.prod(shape)
            c_in, side = channels, side // 2
        features = c_in * side * side
        std = math.sqrt(2.0 / (features + classes))
        pieces += [torch.randn(classes * features, generator=gen, dtype=dtype) * std, torch.zeros(classes, dtype=dtype)]
        self.dense = (offset, (classes, features), offset + classes * features)
        self.theta0 = torch.cat([p.reshape(-1) for p in pieces])
        self.n = self.theta0.numel()

    def batch(self):
        idx = torch.randint(0, self.images.shape[0], (self.bs,), generator=self.gen)
        return self.images[idx], self.labels[idx]

    def loss(self, theta, batch):
        x, y = batch
        for bias_at, weight_at, shape in self.convs:
            weight = theta[weight_at:weight_at + math.prod(shape)].view(shape)
            x = F.conv2d(x, weight, theta[bias_at:weight_at], padding=self.kernel // 2)
            x = F.max_pool2d(F.relu(x), 2)
        weight_at, shape, bias_at = self.dense
        logits = F.linear(x.flatten(1), theta[weight_at:bias_at].view(shape), theta[bias_at:bias_at + shape[0]])
        return F.cross_entropy(logits, y)


class LSTMOptimizer(nn.Module):
    """The paper's coordinate-wise optimizer, as in the MNIST peer: every coordinate one row of the batch;
    two nn.LSTMCell of 20 units (torch's gate order and init), input (log|g|/p, sign g) if |g| >= e^-p else
    (-1, e^p g) with p = 10, update = 0.1 * Linear(20 -> 1)(h of the top cell); state zeros per trajectory."""

    def __init__(self, p=10.0, hidden=20, layers=2, scale=0.1):
        super().__init__()
        self.p, self.hidden, self.scale = p, hidden, scale
        self.cells = nn.ModuleList([nn.LSTMCell(2 if k == 0 else hidden, hidden) for k in range(layers)])
        self.out = nn.Linear(hidden, 1)

    def init_state(self, n, dtype):
        return [(torch.zeros(n, self.hidden, dtype=dtype), torch.zeros(n, self.hidden, dtype=dtype)) for _ in self.cells]

    def preprocess(self, g):
        a = g.abs()
        big = a >= math.exp(-self.p)
        x1 = torch.where(big, torch.log(a.clamp_min(1e-30)) / self.p, torch.full_like(g, -1.0))
        x2 = torch.where(big, torch.sign(g), g * math.exp(self.p))
        return torch.stack([x1, x2], 1)

    def forward(self, g, state):
        x = self.preprocess(g)
        new_state = []
        for cell, (h, c) in zip(self.cells, state):
            h, c = cell(x, (h, c))
            new_state.append((h, c))
            x = h
        return self.scale * self.out(x).squeeze(1), new_state


class Clock:
    """Wall seconds per phase of an unroll, summed."""

    def __init__(self):
        self.seconds = {}

    def timed(self, phase, fn, *args):
        start = time.perf_counter()
        result = fn(*args)
        self.seconds[phase] = self.seconds.get(phase, 0.0) + time.perf_counter() - start
        return result


def grad_at(net, theta, batch):
    with torch.enable_grad():
        th = theta.detach().requires_grad_(True)
        loss = net.loss(th, batch)
        (g,) = torch.autograd.grad(loss, th)
    return loss.detach(), g


def start_trajectory(net, opt):
    theta = net.theta0.clone()
    _, g = grad_at(net, theta, net.batch())  # the gradient on B_0 drives the first step; not in the meta-loss
    return theta, g, opt.init_state(net.n, theta.dtype)


def unroll(opt, net, theta, grad, state, steps, meta_grad, clock):
    """`steps` optimizee steps from detached theta, grad, state; returns the meta-loss with its graph and the
    detached theta, grad and state to carry over. The meta-loss is sum_t f(theta_t; B_t), first-order:
    "suffix" builds the surrogate sum_t <grad_t, theta_t> with grad_t from one forward and backward on a
    detached theta_t (the same gradient with respect to phi, one optimizee pass per step: what the Java
    side computes); "autograd" keeps f(theta_t; B_t)'s graph, so the meta-backward goes through the
    network a second time (the MNIST peer's default)."""
    terms = []
    for _ in range(steps):
        update, state = clock.timed("lstm_forward", opt, grad, state)
        theta = theta + update
        batch = net.batch()
        if meta_grad == "autograd":
            def loss_and_grad(th):
                loss = net.loss(th, batch)
                return loss, torch.autograd.grad(loss, th, retain_graph=True)[0]
            loss, grad = clock.timed("optimizee", loss_and_grad, theta)
            terms.append(loss)
        else:
            _, grad = clock.timed("optimizee", grad_at, net, theta, batch)
            terms.append(torch.dot(theta, grad))
    state = [(h.detach(), c.detach()) for h, c in state]
    return torch.stack(terms).sum(), theta.detach(), grad.detach(), state


def cmd_bench_unroll(args):
    torch.manual_seed(args.seed)
    gen = torch.Generator().manual_seed(args.seed)
    images, labels = training_split(args.data, torch.float32)
    opt = LSTMOptimizer()
    meta_opt = torch.optim.Adam(opt.parameters(), lr=args.meta_lr)
    per_trajectory = max(1, args.steps // args.unroll)
    run = {}

    def new_trajectory():
        net = ConvNet(gen, images, labels)
        run.update(net=net, carried=start_trajectory(net, opt), unrolls=0)

    def one(clock):
        meta_loss, *carried = unroll(opt, run["net"], *run["carried"], args.unroll, args.meta_grad, clock)
        meta_opt.zero_grad(set_to_none=True)
        clock.timed("meta_backward", meta_loss.backward)
        clock.timed("meta_step", meta_opt.step)
        run.update(carried=tuple(carried), unrolls=run["unrolls"] + 1)

    new_trajectory()
    times, timed = [], Clock()
    for r in range(args.warmup + args.repeats):
        if run["unrolls"] >= per_trajectory:
            new_trajectory()  # a fresh optimizee, outside the timed region
        clock = timed if r >= args.warmup else Clock()
        start = time.perf_counter()
        one(clock)
        if r >= args.warmup:
            times.append(time.perf_counter() - start)
    total = sum(times)
    print(json.dumps({
        "impl": "pytorch", "problem": "cnn", "n_params": run["net"].n, "unroll": args.unroll, "batch": run["net"].bs,
        "ms_median": round(statistics.median(times) * 1e3, 3), "ms_min": round(min(times) * 1e3, 3),
        "repeats": args.repeats, "warmup": args.warmup, "meta_grad": args.meta_grad,
        "optimizee_share": round(timed.seconds["optimizee"] / total, 4),
        "phase_ms": {k: round(v / args.repeats * 1e3, 3) for k, v in timed.seconds.items()},
        "threads": THREADS, "openblas_threads": os.environ["OPENBLAS_NUM_THREADS"], "blas": blas_name(),
        "mkldnn": torch.backends.mkldnn.is_available(), "torch": torch.__version__}), flush=True)


def cmd_check(args):
    """float64 check of the first-order meta-gradient on a short unroll (small minibatches): (a) autograd
    through f, (b) the suffix-sum surrogate, (c) central differences of L(phi) = sum_t f(theta_t(phi); B_t)
    with the gradients grad_t frozen at their unperturbed values (what first-order means)."""
    torch.manual_seed(args.seed)
    dtype = torch.float64
    images, labels = training_split(args.data, dtype)
    opt = LSTMOptimizer().to(dtype)
    steps = args.unroll

    def fresh():
        net = ConvNet(torch.Generator().manual_seed(args.seed + 1), images, labels, batch=args.batch)
        return (net,) + start_trajectory(net, opt)

    grads = {}
    for mode in ("autograd", "suffix"):
        net, theta, g, state = fresh()
        opt.zero_grad(set_to_none=True)
        unroll(opt, net, theta, g, state, steps, mode, Clock())[0].backward()
        grads[mode] = torch.cat([p.grad.reshape(-1) for p in opt.parameters()]).clone()

    net, theta0, g0, state0 = fresh()
    batches, frozen = [], []
    with torch.no_grad():
        theta, g, state = theta0, g0, state0
        for _ in range(steps):
            update, state = opt(g, state)
            theta = theta + update
            batches.append(net.batch())
            g = grad_at(net, theta, batches[-1])[1]
            frozen.append(g)

    def meta_loss():
        with torch.no_grad():
            theta, g, state, total = theta0, g0, state0, 0.0
            for t in range(steps):
                update, state = opt(g, state)
                theta = theta + update
                total += net.loss(theta, batches[t]).item()
                g = frozen[t]
            return total

    params = list(opt.parameters())
    flat = torch.cat([p.detach().reshape(-1) for p in params])

    def set_flat(v):
        with torch.no_grad():
            offset = 0
            for p in params:
                p.copy_(v[offset:offset + p.numel()].view_as(p))
                offset += p.numel()

    gen = torch.Generator().manual_seed(7)
    rel = []
    for k in range(args.directions):
        d = torch.randn(flat.numel(), generator=gen, dtype=dtype)
        d /= d.norm()
        set_flat(flat + args.eps * d)
        plus = meta_loss()
        set_flat(flat - args.eps * d)
        minus = meta_loss()
        set_flat(flat)
        fd = (plus - minus) / (2 * args.eps)
        an = torch.dot(grads["autograd"], d).item()
        rel.append(abs(fd - an) / max(abs(fd), abs(an), 1e-300))
        print("direction %d  fd %.10e  autograd %.10e  rel %.2e" % (k, fd, an, rel[-1]), flush=True)
    diff = ((grads["autograd"] - grads["suffix"]).norm() / grads["autograd"].norm()).item()
    print(json.dumps({"impl": "pytorch", "check": "first-order meta-gradient", "problem": "cnn", "n_params": net.n,
                      "unroll": steps, "batch": args.batch, "autograd_vs_suffix_rel": diff, "fd_max_rel": max(rel)}),
          flush=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)

    def common(p, unroll):
        p.add_argument("--data", default=DEFAULT_DATA, help="MNIST IDX directory (default: the embedded mnist-10k)")
        p.add_argument("--seed", type=int, default=0)
        p.add_argument("--unroll", type=int, default=unroll, help="K, the unroll's steps (default %(default)s)")

    p = sub.add_parser("bench-unroll", help="time one meta-training unroll; prints one JSON line")
    common(p, 20)
    p.add_argument("--steps", type=int, default=100, help="trajectory length T (default %(default)s)")
    p.add_argument("--meta-lr", type=float, default=1e-3)
    p.add_argument("--meta-grad", choices=["suffix", "autograd"], default="suffix")
    p.add_argument("--repeats", type=int, default=10)
    p.add_argument("--warmup", type=int, default=3)
    p.set_defaults(fn=cmd_bench_unroll)

    p = sub.add_parser("check", help="float64 check of the first-order meta-gradient")
    common(p, 3)
    p.add_argument("--batch", type=int, default=16)
    p.add_argument("--directions", type=int, default=3)
    p.add_argument("--eps", type=float, default=1e-6)
    p.set_defaults(fn=cmd_check)

    args = ap.parse_args()
    for name in ("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz"):
        if not os.path.isfile(os.path.join(args.data, name)):
            ap.error("--data %s: no %s" % (args.data, name))
    args.fn(args)


if __name__ == "__main__":
    main()
