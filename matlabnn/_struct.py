"""A MATLAB struct: fields as attributes and as items, displayed as MATLAB does."""
from .display.text import struct_display


class Struct(dict):
    """A dict whose keys are also attributes: ``s.TrainingLoss`` or ``s['TrainingLoss']``."""

    def __getattr__(self, name):
        try:
            return self[name]
        except KeyError:
            raise AttributeError(f"Reference to non-existent field '{name}'.") from None

    def __setattr__(self, name, value):
        self[name] = value

    def __repr__(self):
        return struct_display(self) if self else "  struct with no fields.\n"
