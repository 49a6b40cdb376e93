"""The pinned [UNCONFIRMED] points of MATLAB's trainnet-era API, in one place.

MathWorks documents the trainnet loss names but not every normalisation, so
matlabnn pins each open point here (design decisions §0, README "Differences
from MATLAB"). Every choice is switchable, for a user who has checked MATLAB::

    from matlabnn import trainnet_choices
    trainnet_choices.choices.mse_normalization = "batch-size"    # for the session
    with trainnet_choices.pinned(mse_halved=True):                # for a block
        net = trainnet(X, T, layers, "mse", options)

The pinned values and what they mean (N observations, S_n real time steps of
observation n, K channels of the network output; padded steps never count):

``mse_normalization`` = ``"all-elements"``, ``mse_halved`` = ``False``
    ``"mse"`` (``"mean-squared-error"``, ``"l2loss"``) is the plain mean of the
    squared error over every real element: sum (y - t)^2 / (K * sum_n S_n).
    regressionLayer's loss is mean_n 1/(2 S_n) sum_t sum_k (y - t)^2, so for
    equal-length sequences loss_trainnet = (2 / K) * loss_regressionLayer.
    Other positions: ``"batch-size"`` (sum / N, as dlarray ``l2loss``'s default)
    and ``"observation-time"`` (mean over observations of each one's mean over
    its time steps, summed over channels: regressionLayer's normalisation; with
    ``mse_halved=True`` it equals regressionLayer exactly).
``crossentropy_normalization`` = ``"non-channel-elements"``
    ``"crossentropy"`` and ``"index-crossentropy"`` divide the summed
    -T ln Y by the number of real (time step, observation) pairs, sum_n S_n.
    Other positions: ``"batch-size"`` (/ N), ``"observation-time"``
    (classificationLayer's mean over observations of per-sequence means).
``elementwise_normalization`` = ``"all-elements"``
    ``"binary-crossentropy"``, ``"mae"`` and ``"huber"`` divide by the number of
    real elements, K * sum_n S_n. Other positions: ``"batch-size"``,
    ``"observation-time"`` (as above).
``huber_transition_point`` = ``1.0``
    Huber loss: 0.5 d^2 for |d| <= delta, delta (|d| - 0.5 delta) beyond.
``accuracy_percent`` = ``True``
    The ``"accuracy"`` metric (verbose table, TrainingInfo, ``testnet``) is a
    percentage 0-100, as trainNetwork's accuracy.
``output_network_auto`` = ``"best-validation"``
    ``OutputNetwork="auto"`` of trainnet returns the network with the best
    validation objective when ValidationData is given, else the last one.
"""
import contextlib

__all__ = ["choices", "pinned", "TrainnetChoices", "NORMALIZATIONS"]

NORMALIZATIONS = ("all-elements", "batch-size", "observation-time")
_CE_NORMALIZATIONS = ("non-channel-elements", "batch-size", "observation-time")


class TrainnetChoices:
    """The switchable pinned choices (see the module docstring for each one)."""

    _ALLOWED = {
        "mse_normalization": NORMALIZATIONS,
        "mse_halved": (False, True),
        "crossentropy_normalization": _CE_NORMALIZATIONS,
        "elementwise_normalization": NORMALIZATIONS,
        "accuracy_percent": (True, False),
        "output_network_auto": ("best-validation", "last-iteration"),
    }
    _PINNED = {
        "mse_normalization": "all-elements",
        "mse_halved": False,
        "crossentropy_normalization": "non-channel-elements",
        "elementwise_normalization": "all-elements",
        "huber_transition_point": 1.0,
        "accuracy_percent": True,
        "output_network_auto": "best-validation",
    }

    def __init__(self):
        for name, value in self._PINNED.items():
            object.__setattr__(self, name, value)

    def __setattr__(self, name, value):
        if name not in self._PINNED:
            raise AttributeError(f"'{name}' is not a trainnet choice. Choices are: "
                                 + ", ".join(self._PINNED) + ".")
        allowed = self._ALLOWED.get(name)
        if allowed is not None and value not in allowed:
            raise ValueError(f"trainnet choice '{name}' must be one of "
                             + ", ".join(repr(a) for a in allowed) + f"; got {value!r}.")
        if allowed is None and not (isinstance(value, (int, float)) and value > 0):
            raise ValueError(f"trainnet choice '{name}' must be a positive number; "
                             f"got {value!r}.")
        object.__setattr__(self, name, value)

    def reset(self):
        """Back to the pinned values."""
        for name, value in self._PINNED.items():
            object.__setattr__(self, name, value)

    def as_dict(self):
        return {name: getattr(self, name) for name in self._PINNED}

    def __repr__(self):
        return "TrainnetChoices(" + ", ".join(f"{k}={v!r}" for k, v in
                                              self.as_dict().items()) + ")"


choices = TrainnetChoices()


@contextlib.contextmanager
def pinned(**overrides):
    """Temporarily switch choices: ``with pinned(mse_halved=True): ...``."""
    saved = choices.as_dict()
    try:
        for name, value in overrides.items():
            setattr(choices, name, value)
        yield choices
    finally:
        for name, value in saved.items():
            object.__setattr__(choices, name, value)
