"""Evaluation: export rashomon's output in the formats of external scorers."""

from rashomon.evaluation.polnear import attributions_to_predictions, read_split

__all__ = ["attributions_to_predictions", "read_split"]
