"""Shared helpers for the ops kernel tests (exposed as fixtures)."""

import pytest
from gradcheck import assert_close as assert_grad
from gradcheck import make_mask, numgrad


@pytest.fixture
def numgrad_fn():
    return numgrad


@pytest.fixture
def assert_grad_fn():
    return assert_grad


@pytest.fixture
def make_mask_fn():
    return make_mask
