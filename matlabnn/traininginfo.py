"""The ``info`` that ``[net, info] = trainNetwork(...)`` returns."""
import numpy as np

from .display.text import struct_display


class TrainingInfo:
    """Training progress, one entry per iteration, with MATLAB's field names.

    Regression fields: TrainingLoss, TrainingRMSE, ValidationLoss, ValidationRMSE,
    BaseLearnRate, FinalValidationLoss, FinalValidationRMSE, OutputNetworkIteration.
    Classification has TrainingAccuracy, ValidationAccuracy, FinalValidationAccuracy
    instead of the RMSE fields. Each per-iteration field is a 1-by-iterations float
    array (numpy shape (iterations,)); validation fields hold NaN at iterations
    without validation, and exist only when ValidationData was given, as in MATLAB.
    Fields are attributes and also items: ``info.TrainingLoss`` or
    ``info['TrainingLoss']``.

    Beyond MATLAB's fields, ``StopReason`` (e.g. 'Max epochs completed'),
    ``Epoch`` (the epoch of each iteration), ``IterationsPerEpoch``, ``MaxEpochs``,
    ``MaxIterations``, ``ValidationFrequency``, ``ValidationPatience``,
    ``StartTime``, ``ElapsedTime`` (s), ``Hardware``, ``LearnRateSchedule`` and
    ``Figure`` (the training-progress figure, or None) are kept so that
    ``show(info)`` can redraw the plot.
    """

    _MATLAB_FIELDS_REG = ("TrainingLoss", "TrainingRMSE", "ValidationLoss", "ValidationRMSE",
                          "BaseLearnRate", "FinalValidationLoss", "FinalValidationRMSE",
                          "OutputNetworkIteration")
    _MATLAB_FIELDS_CLS = ("TrainingLoss", "TrainingAccuracy", "ValidationLoss",
                          "ValidationAccuracy", "BaseLearnRate", "FinalValidationLoss",
                          "FinalValidationAccuracy", "OutputNetworkIteration")

    _EXTRA_FIELDS = ("StopReason", "Epoch", "IterationsPerEpoch", "MaxEpochs", "MaxIterations",
                     "ValidationFrequency", "ValidationPatience", "StartTime", "ElapsedTime",
                     "Hardware", "LearnRateSchedule", "Figure")

    def __init__(self, is_classification, has_validation):
        self._is_classification = is_classification
        self._has_validation = has_validation
        metric = "Accuracy" if is_classification else "RMSE"
        self._metric = metric
        fields = ["TrainingLoss", f"Training{metric}"]
        if has_validation:
            fields += ["ValidationLoss", f"Validation{metric}"]
        fields += ["BaseLearnRate"]
        if has_validation:
            fields += ["FinalValidationLoss", f"FinalValidation{metric}"]
        fields += ["OutputNetworkIteration"]
        self._fields = tuple(fields)
        for f in fields:
            setattr(self, f, np.zeros(0))
        if has_validation:
            self.FinalValidationLoss = np.nan
            setattr(self, f"FinalValidation{metric}", np.nan)
        self.OutputNetworkIteration = 0
        self.StopReason = ""
        self.Epoch = np.zeros(0, dtype=int)
        self.IterationsPerEpoch = None
        self.MaxEpochs = None
        self.ValidationFrequency = None
        self.ValidationPatience = None
        self.MaxIterations = None
        self.StartTime = None
        self.ElapsedTime = None
        self.Hardware = "single CPU"
        self.LearnRateSchedule = None
        self.Figure = None

    @property
    def is_classification(self):
        return self._is_classification

    @property
    def has_validation(self):
        return self._has_validation

    def fieldnames(self):
        """MATLAB's ``fieldnames(info)``: the MATLAB fields, in MATLAB's order."""
        return list(self._fields)

    def __getitem__(self, name):
        if name not in self._fields and name not in self._EXTRA_FIELDS:
            raise KeyError(f"Reference to non-existent field '{name}'. "
                           f"Fields are: {', '.join(self._fields)}.")
        return getattr(self, name)

    def keys(self):
        return self.fieldnames()

    def __contains__(self, name):
        return name in self._fields

    def __repr__(self):
        return struct_display({f: getattr(self, f) for f in self._fields})
