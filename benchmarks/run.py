"""Side-by-side benchmark: matlabnn against PyTorch (CPU, fused oneDNN LSTM).

Every workload runs in its own subprocess (one training or prediction run per
subprocess), matlabnn and PyTorch interleaved, repeated ``--repeats`` times.
Reported per workload: median, min and max wall time per epoch (training) or
per pass (prediction), the peak RSS of the subprocess, and the ratio of the
medians matlabnn / PyTorch.  PyTorch is optional: without it only matlabnn runs.

Workloads (float32, Adam, MATLAB's defaults otherwise, Verbose off, no plot):

- W1   chickenpox: 1 sequence of 450 steps, 1 feature, LSTM 200 ('sequence') -> FC 1
       -> regression, MiniBatchSize 1, 250 epochs;  W1p: predict that sequence.
- W2   japanese vowels: 270 sequences (7-29 steps, 12 features), LSTM 100 ('last')
       -> FC 9 -> softmax -> classification, MiniBatchSize 27, 50 epochs.
- W2bi W2 with bilstmLayer(100).
- W3   turbofan: 100 sequences (128-362 steps, 17 features), LSTM 200 -> FC 50 ->
       dropout 0.5 -> FC 1 -> regression, MiniBatchSize 20, 5 epochs.
- W4   64 random sequences of 1000 steps, 32 features, LSTM 512 -> FC 1 ->
       regression, MiniBatchSize 32, 2 epochs;  W4p: predict all 64.
- W5   turbofan data of W3, a causal convolution stack: convolution1dLayer(3, 64,
       'causal') -> ReLU -> convolution1dLayer(3, 64, 'causal', dilation 2) -> ReLU ->
       FC 1 -> regression, MiniBatchSize 20, 5 epochs (PyTorch: Conv1d on left-padded
       input; with right padding the causal outputs of real steps never read padding).

Usage::

    python benchmarks/run.py [--quick] [--only W1,W2] [--repeats 3] [--json out.json]
    python benchmarks/run.py --against /path/to/other/checkout --no-torch --repeats 5

``--against`` also times the matlabnn of another checkout (e.g. the previous
commit, from ``git worktree add /tmp/base HEAD~1``), interleaved with this one,
and reports the ratio this / other: how an engine change moves each workload.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time

WORKLOADS = ("W1", "W2", "W2bi", "W3", "W4", "W5", "W1p", "W4p")
EPOCHS = {"W1": 250, "W2": 50, "W2bi": 50, "W3": 5, "W4": 2, "W5": 5}
QUICK_EPOCHS = {"W1": 20, "W2": 5, "W2bi": 5, "W3": 2, "W4": 1, "W5": 2}
MINI_BATCH = {"W1": 1, "W2": 27, "W2bi": 27, "W3": 20, "W4": 32, "W5": 20}
PREDICT_PASSES = {"W1p": 20, "W4p": 2}
QUICK_PASSES = {"W1p": 5, "W4p": 1}
HERE = os.path.dirname(os.path.abspath(__file__))


# ---------------------------------------------------------------------------
# Data (shared by both libraries; list of C-by-S float32 arrays, MATLAB form)

def load_data(w):
    import numpy as np
    rs = np.random.RandomState(0)
    if w in ("W1", "W1p"):
        from matlabnn.datasets import chickenpox_dataset
        d = np.asarray(chickenpox_dataset(), dtype=float).reshape(-1)
        d = (d - d.mean()) / d.std(ddof=1)
        X = d[:450].reshape(1, -1)
        Y = d[1:451].reshape(1, -1)
        return [X], [Y]
    if w in ("W2", "W2bi"):
        from matlabnn.datasets import japaneseVowelsTrainData
        X, Y = japaneseVowelsTrainData(nargout=2)
        return list(X), Y
    if w in ("W3", "W5"):
        from matlabnn.datasets import processTurboFanDataTrain
        X, Y = processTurboFanDataTrain()
        X = [np.asarray(x, float) for x in X]
        allx = np.hstack(X)
        keep = allx.min(axis=1) != allx.max(axis=1)      # 24 -> 17 features
        X = [x[keep] for x in X]
        allx = allx[keep]
        mu = allx.mean(axis=1, keepdims=True)
        sd = allx.std(axis=1, keepdims=True)
        sd[sd == 0] = 1
        X = [(x - mu) / sd for x in X]
        Y = [np.minimum(np.asarray(y, float).reshape(1, -1), 150) / 150 for y in Y]
        return X, Y
    if w in ("W4", "W4p"):
        X = [rs.standard_normal((32, 1000)).astype(np.float32) for _ in range(64)]
        Y = [rs.standard_normal((1, 1000)).astype(np.float32) for _ in range(64)]
        return X, Y
    raise ValueError(w)


def _maxrss_mb():
    import resource
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


# ---------------------------------------------------------------------------
# matlabnn

def _mnn_layers(w, assembled=False):
    import numpy as np
    from matlabnn import (bilstmLayer, classificationLayer, dropoutLayer, fullyConnectedLayer,
                          lstmLayer, regressionLayer, reluLayer, sequenceInputLayer,
                          softmaxLayer)
    rs = np.random.RandomState(1)

    def lstm(C, H, **kw):
        if not assembled:
            return lstmLayer(H, **kw)
        return lstmLayer(H, InputWeights=0.1 * rs.standard_normal((4 * H, C)),
                         RecurrentWeights=0.1 * rs.standard_normal((4 * H, H)),
                         Bias=0.1 * rs.standard_normal((4 * H, 1)), **kw)

    def fc(C, O):
        if not assembled:
            return fullyConnectedLayer(O)
        return fullyConnectedLayer(O, Weights=0.1 * rs.standard_normal((O, C)),
                                   Bias=np.zeros((O, 1)))

    if w in ("W1", "W1p"):
        return [sequenceInputLayer(1), lstm(1, 200), fc(200, 1), regressionLayer()]
    if w == "W2":
        return [sequenceInputLayer(12), lstmLayer(100, OutputMode="last"),
                fullyConnectedLayer(9), softmaxLayer(), classificationLayer()]
    if w == "W2bi":
        return [sequenceInputLayer(12), bilstmLayer(100, OutputMode="last"),
                fullyConnectedLayer(9), softmaxLayer(), classificationLayer()]
    if w == "W3":
        return [sequenceInputLayer(17), lstmLayer(200), fullyConnectedLayer(50),
                dropoutLayer(0.5), fullyConnectedLayer(1), regressionLayer()]
    if w in ("W4", "W4p"):
        return [sequenceInputLayer(32), lstm(32, 512), fc(512, 1), regressionLayer()]
    if w == "W5":      # imported here: --against may time a checkout without it
        from matlabnn import convolution1dLayer
        return [sequenceInputLayer(17), convolution1dLayer(3, 64, Padding="causal"),
                reluLayer(), convolution1dLayer(3, 64, Padding="causal", DilationFactor=2),
                reluLayer(), fullyConnectedLayer(1), regressionLayer()]
    raise ValueError(w)


def run_matlabnn(w, quick):
    from matlabnn import assembleNetwork, predict, rng, trainNetwork, trainingOptions
    X, Y = load_data(w)
    rng(0)
    if w in PREDICT_PASSES:
        net = assembleNetwork(_mnn_layers(w, assembled=True))
        passes = (QUICK_PASSES if quick else PREDICT_PASSES)[w]
        Xp = X[0] if w == "W1p" else X
        predict(net, Xp)                                    # warm-up
        times = []
        for _ in range(passes):
            t0 = time.perf_counter()
            predict(net, Xp)
            times.append(time.perf_counter() - t0)
        return {"time": statistics.median(times), "rss_mb": _maxrss_mb()}
    epochs = (QUICK_EPOCHS if quick else EPOCHS)[w]
    mbs = MINI_BATCH[w]
    ends = {}

    def clock(info):                      # wall clock at the end of each epoch's last iteration
        if info.State == "iteration":
            ends[info.Epoch] = time.perf_counter()
        return False

    opts = trainingOptions("adam", "MaxEpochs", epochs, "MiniBatchSize", mbs,
                           "Verbose", False, "Plots", "none", "OutputFcn", clock)
    Xt, Yt = (X[0], Y[0]) if w == "W1" else (X, Y)
    t0 = time.perf_counter()
    trainNetwork(Xt, Yt, _mnn_layers(w), opts)
    total = time.perf_counter() - t0
    return {"time": _epoch_median(t0, ends, epochs), "total": total, "rss_mb": _maxrss_mb()}


def _epoch_median(t0, ends, epochs):
    """Median epoch time (the first epoch counts from the start of the call)."""
    marks = [t0] + [ends[e] for e in range(1, epochs + 1)]
    return statistics.median(b - a for a, b in zip(marks, marks[1:]))


# ---------------------------------------------------------------------------
# PyTorch

def run_torch(w, quick):
    import numpy as np
    import torch
    from torch import nn
    torch.set_num_threads(2)
    torch.manual_seed(0)
    X, Y = load_data(w)
    C = X[0].shape[0]
    H = {"W1": 200, "W1p": 200, "W2": 100, "W2bi": 100, "W3": 200, "W4": 512, "W4p": 512,
         "W5": 64}[w]
    bi = w == "W2bi"

    class ConvNet(nn.Module):
        """W5: causal Conv1d stack on (S, N, C) input."""
        def __init__(self):
            super().__init__()
            self.c1 = nn.Conv1d(C, H, 3)
            self.c2 = nn.Conv1d(H, H, 3, dilation=2)
            self.head = nn.Linear(H, 1)

        def forward(self, x, last=None):
            z = x.permute(1, 2, 0)                              # (N, C, S)
            z = torch.relu(self.c1(nn.functional.pad(z, (2, 0))))
            z = torch.relu(self.c2(nn.functional.pad(z, (4, 0))))
            return self.head(z.permute(2, 0, 1))

    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.lstm = nn.LSTM(C, H, bidirectional=bi)
            if w == "W3":
                self.head = nn.Sequential(nn.Linear(H, 50), nn.Dropout(0.5), nn.Linear(50, 1))
            elif w in ("W2", "W2bi"):
                self.head = nn.Linear(H * (2 if bi else 1), 9)
            else:
                self.head = nn.Linear(H, 1)

        def forward(self, x, last=None):
            y, _ = self.lstm(x)                  # (S, N, H')
            if last is not None:                 # 'last': last real step per sequence
                y = y[last, torch.arange(y.shape[1])]
            return self.head(y)

    net = ConvNet() if w == "W5" else Net()

    def pad(seqs):
        """Right padding into (S, N, C) float32 + lengths."""
        S = max(s.shape[1] for s in seqs)
        out = np.zeros((S, len(seqs), seqs[0].shape[0]), np.float32)
        for n, s in enumerate(seqs):
            out[:s.shape[1], n] = s.T
        return torch.from_numpy(out), torch.tensor([s.shape[1] for s in seqs])

    if w in PREDICT_PASSES:
        net.eval()
        passes = (QUICK_PASSES if quick else PREDICT_PASSES)[w]
        with torch.inference_mode():
            xb, lengths = pad(X)
            net(xb)                                        # warm-up
            times = []
            for _ in range(passes):
                t0 = time.perf_counter()
                xb, lengths = pad(X)
                y = net(xb).numpy()
                [y[:l, n].T for n, l in enumerate(lengths.tolist())]
                times.append(time.perf_counter() - t0)
        return {"time": statistics.median(times), "rss_mb": _maxrss_mb()}

    epochs = (QUICK_EPOCHS if quick else EPOCHS)[w]
    mbs = MINI_BATCH[w]
    t0 = time.perf_counter()
    n = len(X)
    order = np.random.RandomState(0).permutation(n)      # Shuffle 'once'
    batches = []
    for b in range(n // mbs):
        idx = order[b * mbs:(b + 1) * mbs]
        xb, lengths = pad([X[i] for i in idx])
        if w in ("W2", "W2bi"):
            raw = np.asarray(Y.codes if hasattr(Y, "codes") else Y).reshape(-1)
            _, codes = np.unique(raw, return_inverse=True)
            batches.append((xb, lengths - 1, torch.from_numpy(codes[idx].astype(np.int64)), None))
        else:
            yb, _ = pad([Y[i] for i in idx])
            mask = (torch.arange(xb.shape[0])[:, None] < lengths[None, :]).float()
            batches.append((xb, None, yb, mask[:, :, None]))
    opt = torch.optim.Adam(net.parameters(), lr=0.001, betas=(0.9, 0.999), eps=1e-8)
    net.train()
    xb, last, yb, mask = batches[0]                 # warm-up (oneDNN primitives), no update
    net(xb, last).sum().backward()
    opt.zero_grad(set_to_none=True)
    ends = {}
    for e in range(1, epochs + 1):
        for xb, last, yb, mask in batches:
            opt.zero_grad(set_to_none=True)
            y = net(xb, last)
            if last is not None:
                loss = nn.functional.cross_entropy(y, yb)
            else:                                           # MATLAB's half-MSE
                loss = 0.5 * (((y - yb) ** 2) * mask).sum() / xb.shape[1]
            loss.backward()
            opt.step()
            loss.item()
        ends[e] = time.perf_counter()
    total = time.perf_counter() - t0
    return {"time": _epoch_median(t0, ends, epochs), "total": total, "rss_mb": _maxrss_mb()}


# ---------------------------------------------------------------------------
# Driver

def _worker(lib, w, quick):
    fn = run_matlabnn if lib == "matlabnn" else run_torch
    res = fn(w, quick)
    print("RESULT " + json.dumps(res))


def _spawn(lib, w, quick, checkouts=None):
    """Run one workload in a subprocess; ``lib`` 'matlabnn@other' uses the other checkout."""
    cmd = [sys.executable, os.path.abspath(__file__), "--worker", lib.split("@")[0], w]
    if quick:
        cmd.append("--quick")
    root = (checkouts or {}).get(lib, os.path.dirname(HERE))
    env = {**os.environ, "PYTHONPATH": root + os.pathsep + os.environ.get("PYTHONPATH", "")}
    p = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=root)
    for line in p.stdout.splitlines():
        if line.startswith("RESULT "):
            return json.loads(line[7:])
    raise RuntimeError(f"{lib} {w} failed:\n{p.stdout}\n{p.stderr}")


def _have_torch():
    try:
        import importlib.util
        return importlib.util.find_spec("torch") is not None
    except Exception:
        return False


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="fewer epochs/passes (smoke test)")
    ap.add_argument("--only", default=None, help="comma-separated workloads, e.g. W1,W2")
    ap.add_argument("--repeats", type=int, default=None, help="runs per library (default 3)")
    ap.add_argument("--json", default=None, help="write the results to this file")
    ap.add_argument("--no-torch", action="store_true", help="skip PyTorch")
    ap.add_argument("--against", default=None,
                    help="also time the matlabnn of this other checkout (a folder)")
    ap.add_argument("--worker", nargs=2, help=argparse.SUPPRESS)
    a = ap.parse_args(argv)
    if a.worker:
        _worker(a.worker[0], a.worker[1], a.quick)
        return 0
    work = WORKLOADS if not a.only else tuple(s.strip() for s in a.only.split(","))
    for w in work:
        if w not in WORKLOADS:
            ap.error(f"unknown workload {w!r}; choose from {', '.join(WORKLOADS)}")
    repeats = a.repeats or 3
    libs = ["matlabnn"] + (["torch"] if not a.no_torch and _have_torch() else [])
    checkouts = {}
    if a.against:
        checkouts["matlabnn@other"] = os.path.abspath(a.against)
        libs.insert(1, "matlabnn@other")
    results = {}
    for w in work:
        runs = {lib: [] for lib in libs}
        for r in range(repeats):
            for lib in (libs if r % 2 == 0 else libs[::-1]):   # interleaved
                runs[lib].append(_spawn(lib, w, a.quick, checkouts))
        results[w] = {}
        for lib in libs:
            t = [x["time"] for x in runs[lib]]
            results[w][lib] = {"median": statistics.median(t), "min": min(t), "max": max(t),
                               "times": t, "rss_mb": max(x["rss_mb"] for x in runs[lib])}
        line = f"{w:5s} " + "  ".join(
            f"{lib} {results[w][lib]['median']:.4g}s" for lib in libs)
        print(line, file=sys.stderr, flush=True)

    unit = {w: ("s/pass" if w in PREDICT_PASSES else "s/epoch") for w in work}
    head = f"{'workload':9s} {'unit':8s} {'matlabnn median [min-max]':30s} {'RSS MB':>7s}"
    if "torch" in libs:
        head += f"   {'torch median [min-max]':30s} {'RSS MB':>7s} {'ratio':>6s} {'RSS ratio':>9s}"
    if a.against:
        head += f"   {'other checkout median':24s} {'this/other':>10s}"
    print(head)
    for w in work:
        m = results[w]["matlabnn"]
        row = (f"{w:9s} {unit[w]:8s} {m['median']:.4g} [{m['min']:.4g}-{m['max']:.4g}]".ljust(49)
               + f" {m['rss_mb']:7.0f}")
        if "torch" in libs:
            t = results[w]["torch"]
            ratio = m["median"] / t["median"]
            results[w]["ratio"] = ratio
            results[w]["rss_ratio"] = m["rss_mb"] / t["rss_mb"]
            row += (f"   {t['median']:.4g} [{t['min']:.4g}-{t['max']:.4g}]".ljust(33)
                    + f" {t['rss_mb']:7.0f} {ratio:6.2f} {results[w]['rss_ratio']:9.2f}")
        if a.against:
            o = results[w]["matlabnn@other"]
            results[w]["ratio_to_other"] = m["median"] / o["median"]
            row += f"   {o['median']:.4g} [{o['min']:.4g}-{o['max']:.4g}]".ljust(27) + \
                f" {results[w]['ratio_to_other']:10.3f}"
        print(row)
    if a.json:
        with open(a.json, "w") as f:
            json.dump({"quick": a.quick, "repeats": repeats, "results": results}, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
