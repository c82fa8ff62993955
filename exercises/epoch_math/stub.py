"""Epochs, batches and iterations. Read the prompt with `learn show epoch_math`."""


def iterations_per_epoch(n_samples: int, batch_size: int, drop_last: bool = False) -> int:
    """ceil(n_samples / batch_size), or floor(n_samples / batch_size) when drop_last."""
    raise NotImplementedError("iterations_per_epoch: count the batches of one epoch")


def total_updates(n_samples: int, batch_size: int, epochs: int, drop_last: bool = False) -> int:
    """epochs * iterations_per_epoch(n_samples, batch_size, drop_last)."""
    raise NotImplementedError("total_updates: the updates of all epochs")


def batch_shapes(n_samples: int, batch_size: int, sample_shape: tuple[int, ...],
                 drop_last: bool = False) -> list[tuple[int, ...]]:
    """[(rows_of_batch_i, *sample_shape) for every batch i of one epoch]."""
    raise NotImplementedError("batch_shapes: the shape of every batch of one epoch")
