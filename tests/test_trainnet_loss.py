"""trainnet's lossFcn argument: names, aliases, errors, target encodings, pinned switches."""
import numpy as np
import pytest

from matlabnn import categorical
from matlabnn.errors import InvalidDataError, MatlabnnTypeError, MatlabnnValueError
from matlabnn.trainnet_choices import choices, pinned
from matlabnn.trainnet_loss import LOSS_NAMES, index_onehot, loss_object, onehot


@pytest.mark.parametrize("name,kind", [("mse", "mse"), ("Mean-Squared-Error", "mse"),
                                       ("l2loss", "mse"), ("MAE", "mae"), ("l1loss", "mae"),
                                       ("mean-absolute-error", "mae"), ("huber", "huber"),
                                       ("crossentropy", "crossentropy"),
                                       ("index-crossentropy", "index-crossentropy"),
                                       ("binary-crossentropy", "binary-crossentropy")])
def test_names_and_aliases(name, kind):
    obj = loss_object(name)
    assert obj.Kind == kind
    assert obj.is_classification == (kind in ("crossentropy", "index-crossentropy",
                                              "binary-crossentropy"))


def test_function_handle_names_the_builtins():
    with pytest.raises(MatlabnnValueError) as err:
        loss_object(lambda Y, T: 0)
    for name in ('"crossentropy"', '"mse"', '"huber"', '"l1loss"', '"binary-crossentropy"'):
        assert name in str(err.value)
    with pytest.raises(MatlabnnValueError, match='"msee" is not a built-in loss'):
        loss_object("msee")
    with pytest.raises(MatlabnnTypeError, match="must be the name"):
        loss_object(3)


def test_onehot_in_categories_order():
    c = categorical(["b", "a", "c", "b"], ["c", "b", "a"])
    oh = onehot(c, ["c", "b", "a"])
    np.testing.assert_array_equal(oh.argmax(1), [1, 2, 0, 1])
    with pytest.raises(InvalidDataError, match="undefined"):
        onehot(categorical(["a", "zz"], ["a", "b"]), ["a", "b"])


def test_index_crossentropy_equals_crossentropy_of_onehot():
    rng = np.random.default_rng(0)
    Y = rng.random((4, 2, 3)) + 0.1
    Y /= Y.sum(-1, keepdims=True)
    idx = rng.integers(1, 4, (4, 2, 1)).astype(float)
    mask = np.array([[1, 1], [1, 1], [1, 0], [1, 0]], bool)
    a = loss_object("index-crossentropy")._loss(Y, idx, mask)
    b = loss_object("crossentropy")._loss(Y, index_onehot(idx, 3, mask), mask)
    assert a[0] == pytest.approx(b[0])
    np.testing.assert_allclose(a[1], b[1])
    with pytest.raises(InvalidDataError, match="integers from 1"):
        loss_object("index-crossentropy")._loss(Y, idx + 3, None)


def test_mse_switch_positions():
    rng = np.random.default_rng(1)
    Y, T = rng.standard_normal((5, 3, 2)), rng.standard_normal((5, 3, 2))
    from matlabnn.ops.losses import mse_loss
    legacy = mse_loss(Y, T)[0]
    pinned_loss = loss_object("mse")._loss(Y, T, None)[0]
    assert pinned_loss == pytest.approx(legacy * 2 / 2)          # 2/R with R = 2
    with pinned(mse_normalization="observation-time", mse_halved=True):
        assert loss_object("mse")._loss(Y, T, None)[0] == pytest.approx(legacy)
    assert choices.mse_normalization == "all-elements" and choices.mse_halved is False


def test_choices_are_checked():
    with pytest.raises(ValueError, match="must be one of"):
        choices.mse_normalization = "sum"
    with pytest.raises(AttributeError, match="not a trainnet choice"):
        choices.unknown = 1
    assert set(LOSS_NAMES.values()) == {"mse", "mae", "huber", "crossentropy",
                                        "index-crossentropy", "binary-crossentropy"}
