"""The engine: one layer graph, one sequence pipeline, one training loop.

Both MATLAB faces (the trainNetwork era and the trainnet era) sit on it; the
engine knows the internal layout (time-major ``(S, N, C)`` sequences with a
bool ``(S, N)`` mask of real steps, or ``(N, C)`` without time) and nothing of
MATLAB's outer layouts, spellings or displays.

* ``graph``    — :class:`Network`: layers in topological order with their
  connections; forward and backward over the graph with carried recurrent state.
* ``pipeline`` — the sequence settings (MiniBatchSize, SequenceLength,
  SequencePaddingValue, SequencePaddingDirection, declared once), mini-batches
  with masks and chunks, and forward passes with carried state.
* ``events``   — what the loop tells its observers.
* ``loop``     — the training loop: steps and emits events.
* ``observers``— history, validation patience, best network and the NaN guard.
* ``trainer``  — one training run: parameters, solver, step, validation;
  :func:`train` is the engine's plain Python entry point.

A face plugs in a *loss*: any object with ``_loss(y, T, mask) -> (loss, dL/dy,
metric)`` (an output layer, or a trainnet loss), ``is_classification`` and
optionally ``_training_targets``.

Layer interface (see ``layers/base.py``): a layer with several inputs (its
``_input_ports()`` lists more than one name, e.g. ``in1``, ``in2``) gets lists
in ``_setup`` and ``_forward`` and returns a list of input gradients from
``_backward``; a layer with several outputs returns lists likewise (``None`` for
an output port that received no gradient). ``_output_mask(mask)`` maps the
input mask to the output's (layers that change the time length override it).
"""
