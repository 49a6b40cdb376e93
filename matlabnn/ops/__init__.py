"""Pure numpy array kernels (forward and backward) used by matlabnn's layers.

No MATLAB knowledge lives here and nothing else from the package is imported.
Layout is time-major: sequences are (S, N, C); masks are bool (S, N), True on
real steps.  The compute dtype follows the learnables (float32 by default,
float64 works exactly).
"""

from . import activations
from .activations import (apply, grad_from_output, relu, relu_backward, leaky_relu,
                          leaky_relu_backward, softmax, softmax_backward)
from .dense import dense_forward, dense_backward
from .dropout import dropout_forward, dropout_backward
from .gru import gru_forward, gru_backward, RESET_GATE_MODES
from .losses import (mse_loss, crossentropy_loss, softmax_crossentropy_backward,
                     accuracy)
from .lstm import lstm_forward, lstm_backward

__all__ = [
    "activations", "apply", "grad_from_output", "relu", "relu_backward",
    "leaky_relu", "leaky_relu_backward", "softmax", "softmax_backward",
    "dense_forward", "dense_backward", "dropout_forward", "dropout_backward",
    "gru_forward", "gru_backward", "RESET_GATE_MODES",
    "mse_loss", "crossentropy_loss", "softmax_crossentropy_backward", "accuracy",
    "lstm_forward", "lstm_backward",
]
