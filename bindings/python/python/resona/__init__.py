"""Resona: on-device emotion inference.

>>> import numpy as np, resona
>>> from resona.vision import ExpressionClassifier
>>> clf = ExpressionClassifier()
>>> scores = clf.classify_crop(np.zeros((64, 64), np.uint8))
>>> scores.label in resona.EMOTIONS
True
"""

from resona import audio, text, vision
from resona.engine import Engine
from resona._resona import (
    EMOTIONS,
    ConfigError,
    EmotionScores,
    InputError,
    LimitError,
    ModelError,
    ResonaError,
    __version__,
)

__all__ = [
    "EMOTIONS",
    "Engine",
    "audio",
    "ConfigError",
    "EmotionScores",
    "InputError",
    "LimitError",
    "ModelError",
    "ResonaError",
    "__version__",
    "text",
    "vision",
]
