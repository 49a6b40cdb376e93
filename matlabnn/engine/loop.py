"""The training loop: it steps and emits events, nothing else.

Everything that watches training — history, validation patience, the best
network, the NaN guard, the table, the plot, OutputFcn, checkpoints — is an
observer (see ``events.py``); the work of one step and of validation is the
trainer's.
"""
from .events import IterationRecord


class _Stop(Exception):
    """Internal: leave the loop early."""


def emit(observers, event, *args):
    for o in observers:
        getattr(o, event)(*args)


def run_loop(trainer, run, observers):
    """Train for ``run.max_epochs`` epochs or until a stop; returns the iterations done.

    Ctrl-C stops training as 'Stopped manually', keeping the iterations done.
    """
    iteration = 0
    try:
        emit(observers, "on_start", run)
        if run.stop_requested:
            raise _Stop
        for epoch in range(1, run.max_epochs + 1):
            rate = trainer.learn_rate(epoch)
            batches = trainer.epoch_batches()
            for b, pieces in enumerate(batches):
                states = trainer._initial_states(pieces[0][0].shape[1])
                for k, (X, mask, T) in enumerate(pieces):
                    loss, metric, finals, ok = trainer._step(X, mask, T, states, rate)
                    if not ok:
                        emit(observers, "on_diverged", run, iteration + 1, loss)
                        raise _Stop
                    iteration += 1
                    states = {**states, **finals}   # carried to the next chunk, no gradient
                    record = IterationRecord(epoch=epoch, iteration=iteration,
                                             time_elapsed=trainer.elapsed(), loss=loss,
                                             metric=metric, base_learn_rate=rate)
                    last = (epoch == run.max_epochs and b == len(batches) - 1
                            and k == len(pieces) - 1)
                    if trainer.validation_due(iteration, last):
                        try:     # interrupted: the iteration still counts, unvalidated
                            record.validation_loss, record.validation_metric = \
                                trainer.validate()
                        except KeyboardInterrupt:
                            run.request_stop("Stopped manually")
                    emit(observers, "on_iteration", run, record)
                    if run.stop_requested:
                        raise _Stop
            emit(observers, "on_epoch_end", run, epoch, iteration)
    except _Stop:
        pass
    except KeyboardInterrupt:       # Ctrl-C: keep the network trained so far
        run.request_stop("Stopped manually")
    if run.stop_reason is None:
        run.stop_reason = "Max epochs completed"
    return iteration
