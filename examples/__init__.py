"""Ports of MATLAB's sequence deep-learning examples (installed as matlabnn.examples)."""
