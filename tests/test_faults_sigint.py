"""Ctrl-C (a real SIGINT, in a subprocess) at each stage of training that the
current loop handles: trainNetwork returns the network trained so far, info
says 'Stopped manually', the network predicts, and every checkpoint on disk is
complete (issue 16).

Stages covered: OutputFcn at 'start', OutputFcn during an iteration, a
validation pass, a checkpoint write, a plot update, OutputFcn at 'done' (after
the last iteration).
"""
import json
import os
import subprocess
import sys

import pytest

SCRIPT = os.path.join(os.path.dirname(__file__), "sigint_training.py")


def _run(stage, folder):
    env = dict(os.environ, MPLBACKEND="Agg")
    done = subprocess.run([sys.executable, SCRIPT, stage, str(folder)], capture_output=True,
                          text=True, timeout=120, env=env)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("stage,iterations", [
    ("start", 0), ("iteration", 2), ("validation", 2), ("checkpoint", 2), ("plot", 2),
    ("done", 6)])
def test_ctrl_c_returns_the_current_network(tmp_path, stage, iterations):
    # 'validation': Ctrl-C in the validation after iteration 2's update: that
    # iteration counts (unvalidated), so info and the network agree.
    result = _run(stage, tmp_path)
    assert result["StopReason"] == "Stopped manually"
    assert result["iterations"] == iterations
    assert result["finite"]
    # no partial checkpoint, and every one left loads and predicts
    assert not [f for f in result["files"] if not f.endswith(".mat")]
    assert all(result["loadable"])
    if stage == "checkpoint":           # the interrupted second write left nothing
        assert len(result["files"]) == 1 and "__1__" in result["files"][0]
