"""The ``lossFcn`` argument of ``trainnet``: built-in loss names as loss objects.

``trainnet(X, T, net, lossFcn, options)`` takes the loss as an argument instead
of an output layer. :func:`loss_object` turns the name into a
:class:`TrainnetLoss`, which the training engine calls exactly as it calls an
output layer: ``loss, dY, metric = obj._loss(Y, T, mask)`` on the engine's
internal layout (``(S, N, K)`` with mask ``(S, N)``, or ``(N, K)``). The
normalisation of each loss is pinned in :mod:`matlabnn.trainnet_choices`.
"""
import numpy as np

from .errors import InvalidDataError, MatlabnnTypeError, MatlabnnValueError
from .ops import trainnet_losses as kernels
from .trainnet_choices import choices

__all__ = ["TrainnetLoss", "loss_object", "onehot", "LOSS_NAMES"]

# MATLAB's names (with aliases) -> canonical kind
LOSS_NAMES = {
    "crossentropy": "crossentropy",
    "index-crossentropy": "index-crossentropy",
    "binary-crossentropy": "binary-crossentropy",
    "mse": "mse", "mean-squared-error": "mse", "l2loss": "mse",
    "mae": "mae", "mean-absolute-error": "mae", "l1loss": "mae",
    "huber": "huber",
}

_LISTING = ('"crossentropy", "index-crossentropy", "binary-crossentropy", '
            '"mse" ("mean-squared-error", "l2loss"), "mae" ("mean-absolute-error", '
            '"l1loss"), "huber"')


class TrainnetLoss:
    """A built-in trainnet loss (``"mse"``, ``"crossentropy"``, ...) as a loss object.

    ``Name`` is the name the user gave; ``Kind`` its canonical name.
    ``is_classification`` is True for the cross-entropy losses (their targets
    may be categorical). ``_loss(Y, T, mask)`` returns ``(loss, dL/dY, None)``:
    trainnet reports metrics through the Metrics option, not with the loss.
    """

    def __init__(self, name, kind):
        self.Name = name
        self.Kind = kind

    @property
    def is_classification(self):
        return self.Kind in ("crossentropy", "index-crossentropy", "binary-crossentropy")

    @property
    def takes_categorical(self):
        """Targets may be categorical (one-hot encoded in categories order)."""
        return self.Kind in ("crossentropy", "index-crossentropy")

    def __repr__(self):
        return f'TrainnetLoss("{self.Name}")'

    def _loss(self, y, T, mask):
        """(loss, dL/dy, None) of predictions y against targets T (internal layout)."""
        kind = self.Kind
        if kind == "mse":
            loss, dy = kernels.mse(y, T, mask, choices.mse_normalization, choices.mse_halved)
        elif kind == "mae":
            loss, dy = kernels.mae(y, T, mask, choices.elementwise_normalization)
        elif kind == "huber":
            loss, dy = kernels.huber(y, T, mask, choices.elementwise_normalization,
                                     choices.huber_transition_point)
        elif kind == "binary-crossentropy":
            loss, dy = kernels.binary_crossentropy(y, T, mask, choices.elementwise_normalization)
        else:
            if kind == "index-crossentropy":
                T = index_onehot(T, y.shape[-1], mask)
            loss, dy = kernels.crossentropy(y, T, mask, choices.crossentropy_normalization)
        return loss, dy, None

    def _softmax_logit_grad(self, p, T, mask):
        """dL/dz when y = softmax(z) feeds a cross-entropy loss (fused, no division by p)."""
        if self.Kind == "index-crossentropy":
            T = index_onehot(T, p.shape[-1], mask)
        return kernels.softmax_crossentropy_logit_grad(p, T, mask,
                                                       choices.crossentropy_normalization)

    def _normalization(self):
        """The normalisation in force, for the README and the ratio test."""
        if self.Kind == "mse":
            return choices.mse_normalization
        if self.is_classification and self.Kind != "binary-crossentropy":
            return choices.crossentropy_normalization
        return choices.elementwise_normalization


def index_onehot(T, K, mask=None):
    """One-hot (…, K) of 1-based class indices T (…, 1) or (…); padded steps give zeros."""
    idx = np.asarray(T)
    if idx.ndim and idx.shape[-1] == 1 and idx.ndim >= 2:
        idx = idx[..., 0]
    real = np.ones(idx.shape, bool) if mask is None else np.asarray(mask, bool)
    vals = np.where(real, idx, 1)
    if not np.all(np.isfinite(vals)) or np.any(vals != np.round(vals)) \
            or np.any((vals < 1) | (vals > K)):
        raise InvalidDataError(
            f'trainnet: Invalid targets for "index-crossentropy". Targets must be class '
            f"indices, integers from 1 to the number of classes ({K}).",
            "nnet_cnn:trainnet:InvalidIndexTargets")
    out = np.zeros(idx.shape + (K,), dtype=np.float64)
    np.put_along_axis(out, (vals.astype(np.int64) - 1)[..., None], 1.0, axis=-1)
    out[~real] = 0.0
    return out


def onehot(c, classes):
    """One-hot rows (len(c), K) of a categorical array, in ``classes`` order.

    Undefined elements or elements outside ``classes`` raise InvalidDataError.
    """
    names = [str(x) for x in classes]
    codes = c.codes_for(names) if hasattr(c, "codes_for") else None
    if codes is None:
        raise MatlabnnTypeError("Targets for a cross-entropy loss must be categorical.")
    codes = np.asarray(codes).reshape(-1)
    if np.any(codes <= 0):
        raise InvalidDataError(
            "trainnet: Invalid targets. Categorical targets must not contain undefined "
            "elements (<undefined>), and every category must be one of the classes: "
            + ", ".join(names) + ".", "nnet_cnn:trainnet:UndefinedTargets")
    out = np.zeros((codes.size, len(names)), dtype=np.float64)
    out[np.arange(codes.size), codes - 1] = 1.0
    return out


def loss_object(lossFcn, function="trainnet"):
    """The TrainnetLoss for ``lossFcn`` (a built-in name, case-insensitive).

    A function handle (callable) or anything else raises an error naming the
    built-in losses.
    """
    if isinstance(lossFcn, TrainnetLoss):
        return lossFcn
    if isinstance(lossFcn, str):
        kind = LOSS_NAMES.get(lossFcn.lower())
        if kind is not None:
            return TrainnetLoss(lossFcn.lower(), kind)
        raise MatlabnnValueError(
            f'{function}: "{lossFcn}" is not a built-in loss function. Use one of: '
            f"{_LISTING}.", f"nnet_cnn:{function}:InvalidLossFunction")
    if callable(lossFcn):
        raise MatlabnnValueError(
            f"{function}: custom loss functions (function handles) are not supported by "
            f"matlabnn yet. Use a built-in loss: {_LISTING}.",
            f"nnet_cnn:{function}:UnsupportedLossFunction")
    raise MatlabnnTypeError(
        f"{function}: lossFcn must be the name of a loss function (a string); one of: "
        f"{_LISTING}.", f"nnet_cnn:{function}:InvalidLossFunction")
