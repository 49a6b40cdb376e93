"""Parameter storage and the update rules: L2, gradient thresholds, sgdm, adam, rmsprop.

All learnable arrays of a network live as views into one flat buffer, and their
gradients in another, so that each step of the update pipeline (spec §4.3) is a
handful of whole-buffer numpy operations.
"""
import math

import numpy as np


class ParameterSet:
    """Every learnable of a network as views into one flat buffer (values and gradients).

    After construction each layer's learnable attribute *is* a view into
    ``values``; ``grads`` has the same layout. ``lr_factor`` and ``l2_coef`` are
    per-element factors, or None where every element's factor is 1 (resp. 0).
    """

    def __init__(self, net, l2_regularization):
        items = net._learnable_items()
        dtype = net._dtype
        sizes = [getattr(l, n).size for l, n in items]
        self.offsets = np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64)
        total = int(self.offsets[-1])
        self.values = np.empty(total, dtype)
        self.grads = np.zeros(total, dtype)
        self.keys = [(l.Name, n) for l, n in items]
        self.value_views, self.grad_views = {}, {}
        lr = np.ones(total, dtype)
        l2 = np.zeros(total, dtype)
        for k, (layer, name) in enumerate(items):
            a, b = self.offsets[k], self.offsets[k + 1]
            shape = getattr(layer, name).shape
            view = self.values[a:b].reshape(shape)
            view[...] = getattr(layer, name)
            object.__setattr__(layer, name, view)
            self.value_views[(layer.Name, name)] = view
            self.grad_views[(layer.Name, name)] = self.grads[a:b].reshape(shape)
            f_lr = layer._learn_factor(name, 0)
            f_l2 = layer._learn_factor(name, 1)
            lr[a:b].reshape(shape)[...] = f_lr
            l2[a:b].reshape(shape)[...] = np.asarray(f_l2) * l2_regularization * (
                np.asarray(f_lr) != 0)   # arrays with LearnRateFactor 0 get no L2 either
        self.lr_factor = None if np.all(lr == 1) else lr
        self.l2_coef = l2 if np.any(l2 != 0) else None

    def set_grads(self, grads):
        """Copy per-array gradients (dict keyed like ``keys``) into the flat buffer."""
        for key, view in self.grad_views.items():
            g = grads.get(key)
            if g is None:
                view[...] = 0
            else:
                view[...] = g

    def segments(self):
        return [(self.offsets[k], self.offsets[k + 1]) for k in range(len(self.keys))]


def regularize(params):
    """Step 3: g += λ · L2Factor · w (the gradient of λ·factor·½‖w‖²)."""
    if params.l2_coef is not None:
        params.grads += params.l2_coef * params.values


def clip_gradients(params, method, threshold):
    """Step 4: gradient threshold by 'l2norm' (per array), 'global-l2norm' or 'absolute-value'."""
    if math.isinf(threshold):
        return
    g = params.grads
    if method == "absolute-value":
        np.clip(g, -threshold, threshold, out=g)
        return
    if method == "global-l2norm":
        norm = math.sqrt(float(np.dot(g, g)))
        if norm > threshold:
            g *= threshold / norm
        return
    for a, b in params.segments():
        seg = g[a:b]
        norm = math.sqrt(float(np.dot(seg, seg)))
        if norm > threshold:
            seg *= threshold / norm


class SGDM:
    """v ← μ v − α_p g;  w ← w + v."""

    def __init__(self, options, size, dtype):
        self.momentum = options.Momentum
        self.velocity = np.zeros(size, dtype)

    def step(self, params, rate):
        v = self.velocity
        step = params.grads * rate if params.lr_factor is None \
            else params.grads * params.lr_factor * rate
        v *= self.momentum
        v -= step
        params.values += v


class Adam:
    """MATLAB's Adam: bias correction on the rate, ε outside the square root (spec §4.3)."""

    def __init__(self, options, size, dtype):
        self.beta1 = options.GradientDecayFactor
        self.beta2 = options.SquaredGradientDecayFactor
        self.epsilon = options.Epsilon
        self.m = np.zeros(size, dtype)
        self.v = np.zeros(size, dtype)
        self.tmp = np.empty(size, dtype)
        self.t = 0

    def step(self, params, rate):
        self.t += 1
        g, m, v, tmp = params.grads, self.m, self.v, self.tmp
        m *= self.beta1
        np.multiply(g, 1.0 - self.beta1, out=tmp)
        m += tmp
        v *= self.beta2
        np.multiply(g, g, out=tmp)
        tmp *= 1.0 - self.beta2
        v += tmp
        alpha = rate * math.sqrt(1.0 - self.beta2 ** self.t) / (1.0 - self.beta1 ** self.t)
        np.sqrt(v, out=tmp)
        tmp += self.epsilon
        np.divide(m, tmp, out=tmp)
        tmp *= alpha
        if params.lr_factor is not None:
            tmp *= params.lr_factor
        params.values -= tmp


class RMSProp:
    """v ← β2 v + (1−β2) g²;  w ← w − α_p g / (sqrt(v) + ε)."""

    def __init__(self, options, size, dtype):
        self.beta2 = options.SquaredGradientDecayFactor
        self.epsilon = options.Epsilon
        self.v = np.zeros(size, dtype)
        self.tmp = np.empty(size, dtype)

    def step(self, params, rate):
        g, v, tmp = params.grads, self.v, self.tmp
        v *= self.beta2
        np.multiply(g, g, out=tmp)
        tmp *= 1.0 - self.beta2
        v += tmp
        np.sqrt(v, out=tmp)
        tmp += self.epsilon
        np.divide(g, tmp, out=tmp)
        tmp *= rate
        if params.lr_factor is not None:
            tmp *= params.lr_factor
        params.values -= tmp


SOLVERS = {"sgdm": SGDM, "adam": Adam, "rmsprop": RMSProp}


def learn_rate(options, epoch):
    """The global rate of ``epoch`` (1-based): 'none' constant, 'piecewise' drops."""
    rate = options.InitialLearnRate
    if options.LearnRateSchedule == "piecewise":
        rate *= options.LearnRateDropFactor ** ((epoch - 1) // options.LearnRateDropPeriod)
    return rate
