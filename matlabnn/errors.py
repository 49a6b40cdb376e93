"""matlabnn's error types.

Every error a user can cause is one of these. Each carries a MATLAB-style
identifier (``err.identifier``, as ``ME.identifier`` in MATLAB) and a message that
says what is wrong and how to fix it. They subclass ValueError or TypeError, so
existing ``except ValueError`` code keeps working.

The hierarchy::

    MatlabnnError (Exception)                 .identifier, .message
    ├── MatlabnnValueError (ValueError)       a value that is not allowed
    │   ├── InvalidOptionError                unknown, ambiguous or missing option name
    │   ├── InvalidNetworkError               a layer array that is not a valid network
    │   ├── InvalidDataError                  predictors/responses of the wrong form
    │   ├── TrainingDivergedError             a NaN or Inf training loss
    │   └── MatFileError                      a file or variable load cannot read
    ├── MatlabnnTypeError (TypeError)         wrong type or number of arguments
    ├── InsufficientMemoryError (MemoryError) an allocation larger than the memory available
    └── MatFileNotFoundError (FileNotFoundError)   load of a missing file

(``options.UnrecognizedPropertyError`` is a MatlabnnError and an AttributeError.)
"""


class MatlabnnError(Exception):
    """Base class of every matlabnn error; ``identifier`` is MATLAB's error id."""

    default_identifier = "matlabnn:error"

    def __init__(self, message, identifier=None):
        super().__init__(message)
        self.message = message
        self.identifier = identifier or self.default_identifier


class MatlabnnValueError(MatlabnnError, ValueError):
    """A value that is not allowed (bad option value, wrong size, bad data)."""

    default_identifier = "matlabnn:InvalidValue"


class MatlabnnTypeError(MatlabnnError, TypeError):
    """An argument of the wrong type or a wrong number of arguments."""

    default_identifier = "matlabnn:InvalidType"


class InvalidOptionError(MatlabnnValueError):
    """An unknown, ambiguous or missing name-value option."""

    default_identifier = "MATLAB:InputParser:UnmatchedParameter"


class InvalidNetworkError(MatlabnnValueError):
    """A layer array that does not form a valid network."""

    default_identifier = "nnet_cnn:trainNetwork:InvalidNetwork"


class InvalidDataError(MatlabnnValueError):
    """Predictors or responses of the wrong form, size or content."""

    default_identifier = "nnet_cnn:internal:cnn:validation:InvalidData"


class TrainingDivergedError(MatlabnnValueError):
    """Training produced a NaN or Inf loss."""

    default_identifier = "nnet_cnn:trainNetwork:NonFiniteLoss"


class MatFileError(MatlabnnValueError):
    """A file or variable that is not what matlabnn expected (bad MAT file, bad struct)."""

    default_identifier = "matlabnn:load:InvalidFile"


class MatFileNotFoundError(MatlabnnError, FileNotFoundError):
    """``load`` of a file that does not exist."""

    default_identifier = "MATLAB:load:couldNotReadFile"


class InsufficientMemoryError(MatlabnnError, MemoryError):
    """A layer, data set or mini-batch larger than the memory this machine has available."""

    default_identifier = "nnet_cnn:internal:OutOfMemory"


def invalid_network(causes, identifier="nnet_cnn:trainNetwork:InvalidNetwork"):
    """Raise MATLAB's 'Invalid network.' error with one indented line per cause."""
    raise InvalidNetworkError("Invalid network.\nCaused by:\n" +
                              "\n".join(f"    {c}" for c in causes), identifier)
