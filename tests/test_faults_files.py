"""Saves and checkpoints that cannot lose work (issue 16).

``save`` writes a temporary file and renames it over the target, so a failing
save leaves an existing file intact and a new one absent; a checkpoint that
cannot be written (folder removed, folder replaced by a file, disk full)
warns, naming the file and the OS error, and training goes on; Ctrl-C inside
a checkpoint write never replaces a good checkpoint and reaches the loop.
"""
import contextlib
import errno
import glob
import os
import subprocess
import uuid
import warnings

import numpy as np
import pytest
import scipy.io

import matlabnn.io as mio
from matlabnn import (fullyConnectedLayer, load, lstmLayer, predict, regressionLayer, rng,
                      save, sequenceInputLayer, trainNetwork, trainingOptions)
from matlabnn.callbacks import CheckpointWarning
from matlabnn.errors import MatlabnnError


def _data():
    r = np.random.default_rng(0)
    return [r.normal(size=(2, 5)) for _ in range(4)], [r.normal(size=(1, 5)) for _ in range(4)]


def _layers():
    return [sequenceInputLayer(2), lstmLayer(3), fullyConnectedLayer(1), regressionLayer()]


def _options(path, **kw):
    return trainingOptions("adam", MaxEpochs=2, MiniBatchSize=2, Verbose=False,
                           CheckpointPath=str(path), CheckpointFrequency=1,
                           CheckpointFrequencyUnit="iteration", **kw)


def _leftovers(folder):
    return [f for f in os.listdir(folder) if f.endswith(".tmp")]


@contextlib.contextmanager
def _failing_savemat(exc):
    """scipy.io.savemat that writes half a file, then raises ``exc``."""
    real = scipy.io.savemat

    def half(f, *args, **kwargs):
        f.write(b"MATLAB 5.0 MAT-file, partial")
        raise exc
    scipy.io.savemat = half
    try:
        yield
    finally:
        scipy.io.savemat = real


# ---------------------------------------------------------------------------
# save

def test_failed_save_over_an_existing_file_leaves_it_intact(tmp_path):
    target = tmp_path / "net.mat"
    save(str(target), x=np.arange(5.0))
    before = target.read_bytes()
    with _failing_savemat(OSError(errno.ENOSPC, "No space left on device")):
        with pytest.raises(MatlabnnError, match="No space left on device"):
            save(str(target), x=np.zeros(1000))
    assert target.read_bytes() == before
    assert not _leftovers(tmp_path)
    np.testing.assert_array_equal(load(str(target)).x, np.arange(5.0).reshape(1, -1))


def test_failed_new_save_leaves_no_partial_file(tmp_path):
    with _failing_savemat(OSError(errno.ENOSPC, "No space left on device")):
        with pytest.raises(MatlabnnError):
            save(str(tmp_path / "new.mat"), x=1.0)
    assert os.listdir(tmp_path) == []


def test_interrupted_save_leaves_the_old_file_and_propagates(tmp_path):
    target = tmp_path / "net.mat"
    save(str(target), x=1.0)
    before = target.read_bytes()
    with _failing_savemat(KeyboardInterrupt()):
        with pytest.raises(KeyboardInterrupt):
            save(str(target), x=2.0)
    assert target.read_bytes() == before and not _leftovers(tmp_path)


def test_save_keeps_the_permissions_of_the_file_it_replaces(tmp_path):
    target = tmp_path / "net.mat"
    save(str(target), x=1.0)
    os.chmod(target, 0o640)
    save(str(target), x=2.0)
    assert (os.stat(target).st_mode & 0o777) == 0o640
    assert load(str(target)).x == 2.0


def test_save_into_a_missing_folder_names_the_file(tmp_path):
    with pytest.raises(MatlabnnError, match="unable to write file .*missing.*No such file"):
        save(str(tmp_path / "missing" / "net.mat"), x=1.0)


# ---------------------------------------------------------------------------
# checkpoints

def _train_with_checkpoints(path, break_folder=None, **kw):
    """Train; ``break_folder(path)`` damages the folder after the first checkpoint
    (OutputFcn runs before the checkpoint of its iteration, so at iteration 2)."""
    rng(0)
    X, Y = _data()
    calls = []

    def output_fcn(info):
        if info.State == "iteration" and info.Iteration == 2 and break_folder:
            calls.append(1)
            break_folder(path)
        return False
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        net, info = trainNetwork(X, Y, _layers(), _options(path, OutputFcn=output_fcn, **kw),
                                 nargout=2)
    return net, info, [w for w in caught if issubclass(w.category, CheckpointWarning)], X


def _check_trained(net, info, X):
    assert info.StopReason == "Max epochs completed"
    assert len(info.TrainingLoss) == 4
    assert all(np.all(np.isfinite(y)) for y in predict(net, X))


def test_checkpoint_folder_removed_during_training_warns_and_training_goes_on(tmp_path):
    folder = tmp_path / "ck"
    folder.mkdir()

    def remove(path):
        for f in glob.glob(str(path / "*")):
            os.remove(f)
        os.rmdir(path)
    net, info, warned, X = _train_with_checkpoints(folder, remove)
    _check_trained(net, info, X)
    # iterations 2..4 fail with a warning each, naming the file and the error
    assert len(warned) == 3
    msg = str(warned[-1].message)
    assert str(folder) in msg and "net_checkpoint__4__" in msg
    assert "No such file or directory" in msg and "Training continues" in msg


def test_checkpoint_folder_replaced_by_a_file_warns(tmp_path):
    folder = tmp_path / "ck"
    folder.mkdir()

    def replace(path):
        for f in glob.glob(str(path / "*")):
            os.remove(f)
        os.rmdir(path)
        path.write_text("not a folder")
    net, info, warned, X = _train_with_checkpoints(folder, replace)
    _check_trained(net, info, X)
    assert len(warned) == 3 and "Not a directory" in str(warned[-1].message)
    assert folder.read_text() == "not a folder"


@pytest.fixture
def tiny_disk(tmp_path):
    """A 64 KiB tmpfs where the machine allows mounting one, else None."""
    where = tmp_path / f"tmpfs_{uuid.uuid4().hex[:6]}"
    where.mkdir()
    ok = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(where)],
                        capture_output=True).returncode == 0 if os.geteuid() == 0 else False
    yield where if ok else None
    if ok:
        subprocess.run(["umount", str(where)], capture_output=True)


def test_checkpoint_on_a_full_disk_warns_and_keeps_earlier_checkpoints(tmp_path, tiny_disk):
    if tiny_disk is not None:
        folder = tiny_disk

        def fill(path):
            with contextlib.suppress(OSError):
                with open(path / "filler", "wb") as f:
                    while True:
                        f.write(b"\0" * 4096)
                        f.flush()
        net, info, warned, X = _train_with_checkpoints(folder, fill)
    else:                 # no tmpfs here: a writer that fails as a full disk does
        folder = tmp_path
        real = scipy.io.savemat
        count = []

        def savemat(f, *a, **k):
            count.append(1)
            if len(count) > 1:
                f.write(b"partial")
                raise OSError(errno.ENOSPC, "No space left on device")
            return real(f, *a, **k)
        mio.scipy.io.savemat = savemat
        try:
            net, info, warned, X = _train_with_checkpoints(folder)
        finally:
            mio.scipy.io.savemat = real
    _check_trained(net, info, X)
    assert warned and "No space left on device" in str(warned[-1].message)
    assert not _leftovers(folder)
    good = glob.glob(str(folder / "net_checkpoint__*.mat"))
    assert [os.path.basename(g).split("__")[1] for g in good] == ["1"]
    assert all(np.all(np.isfinite(y)) for y in predict(load(good[0]).net, X))


def test_interrupted_checkpoint_never_replaces_a_good_one(tmp_path):
    """Ctrl-C inside the writer: no partial file, the interrupt reaches the loop,
    which returns the current network ('Stopped manually')."""
    real = scipy.io.savemat
    count = []

    def savemat(f, *a, **k):
        count.append(1)
        if len(count) == 2:
            f.write(b"partial")
            raise KeyboardInterrupt
        return real(f, *a, **k)
    mio.scipy.io.savemat = savemat
    try:
        rng(0)
        X, Y = _data()
        net, info = trainNetwork(X, Y, _layers(), _options(tmp_path), nargout=2)
    finally:
        mio.scipy.io.savemat = real
    assert info.StopReason == "Stopped manually"
    assert not _leftovers(tmp_path)
    files = glob.glob(str(tmp_path / "net_checkpoint__*.mat"))
    assert [os.path.basename(g).split("__")[1] for g in files] == ["1"]
    load(files[0])           # the good one is intact
    assert all(np.all(np.isfinite(y)) for y in predict(net, X))
