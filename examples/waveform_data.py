"""A small synthetic stand-in for MathWorks' WaveformData (which is not redistributable).

``data, labels = waveform_data(num_observations, seed)`` returns what
``load WaveformData`` gives in MATLAB (1000 observations by default, as there):
``data``, a list of T-by-3 arrays (time steps in rows, three channels in
columns, the trainnet-era layout; 100 to 150 time steps, like MATLAB's
``{103×3 double}``, ...), and ``labels``, a categorical column with the classes
Sawtooth, Sine, Square and Triangle. Each observation is one waveform of its class sampled with its own
period, amplitude and length, the three channels shifted in phase and scaled
differently, plus a little noise.
"""
import numpy as np

from matlabnn import categorical

CLASSES = ("Sawtooth", "Sine", "Square", "Triangle")


def _wave(kind, phase):
    frac = np.mod(phase / (2 * np.pi), 1.0)
    if kind == "Sine":
        return np.sin(phase)
    if kind == "Square":
        return np.where(frac < 0.5, 1.0, -1.0)
    if kind == "Triangle":
        return 4 * np.abs(frac - 0.5) - 1
    return 2 * frac - 1                      # Sawtooth


def waveform_data(num_observations=1000, seed=0, min_length=100, max_length=150):
    """(data, labels): num_observations T-by-3 sequences and their categorical classes."""
    rng = np.random.default_rng(seed)
    data, names = [], []
    for _ in range(num_observations):
        kind = CLASSES[rng.integers(len(CLASSES))]
        T = int(rng.integers(min_length, max_length + 1))
        t = np.arange(T)
        period = rng.uniform(12, 30)
        amplitude = rng.uniform(0.6, 1.6)
        start = rng.uniform(0, 2 * np.pi)
        channels = []
        for c, (shift, scale) in enumerate(((0.0, 1.0), (2.1, 0.7), (4.2, 1.3))):
            phase = 2 * np.pi * t / period + start + shift
            channels.append(amplitude * scale * _wave(kind, phase))
        x = np.stack(channels, axis=1) + 0.05 * rng.standard_normal((T, 3))
        data.append(x)
        names.append(kind)
    return data, categorical(names, list(CLASSES))
