"""The example scripts run in the suite with reduced epochs (design §4)."""
import contextlib
import io
import math
import os

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")

from examples import chickenpox_forecast  # noqa: E402
from matlabnn import SeriesNetwork  # noqa: E402


@pytest.fixture(scope="module")
def chickenpox(tmp_path_factory):
    out = tmp_path_factory.mktemp("chickenpox")
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        result = chickenpox_forecast.main(max_epochs=3, out_dir=str(out), verbose=False,
                                          plots=False)
    return out, result, printed.getvalue()


def test_chickenpox_results(chickenpox):
    _, result, _ = chickenpox
    assert {"rmse_closed", "rmse_open", "rmse_persistence", "info", "net", "figures"} <= \
        set(result)
    for key in ("rmse_closed", "rmse_open", "rmse_persistence"):
        assert isinstance(result[key], float) and math.isfinite(result[key]) and result[key] > 0
    info = result["info"]
    # one sequence -> one mini-batch -> one iteration per epoch
    assert len(info.TrainingLoss) == 3
    assert np.all(np.isfinite(info.TrainingLoss))
    np.testing.assert_allclose(info.TrainingRMSE, np.sqrt(2 * info.TrainingLoss), rtol=1e-5)
    # LearnRateDropPeriod max(1, 3 // 2) = 1, factor 0.2, from 0.005
    np.testing.assert_allclose(info.BaseLearnRate, [0.005, 0.001, 0.0002], rtol=1e-6)
    net = result["net"]
    assert isinstance(net, SeriesNetwork)
    assert [l.Name for l in net.Layers] == ["sequenceinput", "lstm", "fc", "regressionoutput"]
    # the network comes back after open-loop forecasting: state H-by-1
    assert net.Layers[1].HiddenState.shape == (200, 1)


def test_chickenpox_figures(chickenpox):
    out, result, _ = chickenpox
    figures = result["figures"]
    assert len(figures) == 2          # plots=False: no training-progress figure
    names = sorted(os.path.basename(f) for f in figures)
    assert names == ["chickenpox_forecast_closed_loop.png", "chickenpox_forecast_with_updates.png"]
    for path in figures:
        assert os.path.dirname(path) == str(out)
        with open(path, "rb") as f:
            assert f.read(8) == b"\x89PNG\r\n\x1a\n"
        assert os.path.getsize(path) > 5000


def test_chickenpox_prints_the_rmse_lines(chickenpox):
    out = chickenpox[2].splitlines()
    assert len(out) == 3          # verbose=False: no training table
    assert out[-3].startswith("RMSE, closed-loop forecast:")
    assert out[-2].startswith("RMSE, forecast with updates (open loop):")
    assert out[-1].startswith("RMSE, persistence forecast (baseline):")
    assert all(line.endswith(" cases") for line in out[-3:])
