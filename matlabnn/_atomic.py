"""Write a file so that it is either complete or not there: a temporary file, then a rename.

``save`` and the training checkpoints use :func:`replace_atomically`: the data go
to a temporary file in the target's folder, which is flushed to disk and then
renamed over the target (``os.replace``, atomic on POSIX and Windows). On any
failure -- a full disk, a vanished folder, Ctrl-C in the middle of the write --
the temporary file is removed and the exception propagates, so an existing
target is never damaged and a new one never appears half written.
"""
import os
import secrets

__all__ = ["replace_atomically"]


def _temporary_path(path):
    folder, name = os.path.split(os.path.abspath(path))
    return os.path.join(folder, f".{name}.{secrets.token_hex(4)}.tmp")


def replace_atomically(path, write):
    """Call ``write(file)`` on a temporary file, then rename it over ``path``.

    The temporary file is created with the permissions a new file gets (0666
    less the umask) or, when ``path`` exists, with that file's permissions.
    Raises whatever ``write`` or the file system raises (OSError for a missing
    folder, a full disk, no permission; KeyboardInterrupt as it comes), after
    removing the temporary file; ``path`` is then as it was.
    """
    tmp = _temporary_path(path)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0),
                 0o666)
    try:
        with os.fdopen(fd, "wb") as f:
            write(f)
            f.flush()
            os.fsync(f.fileno())
        if os.path.exists(path):
            try:
                os.chmod(tmp, os.stat(path).st_mode & 0o7777)
            except OSError:
                pass
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
