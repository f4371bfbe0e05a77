"""rashomon: who said what about an incident, and where do the accounts disagree?"""

import logging
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rashomon.api import analyse_file, analyse_text
    from rashomon.parse import load_pipeline

__version__ = "0.1.0"

# Library code logs, never configures logging: the application decides (see cli --debug).
logging.getLogger(__name__).addHandler(logging.NullHandler())

__all__ = ["__version__", "analyse_file", "analyse_text", "load_pipeline"]


def __getattr__(name: str) -> object:
    # spaCy loads only when the API is used, so `import rashomon` stays light
    if name in ("analyse_text", "analyse_file"):
        from rashomon import api

        return getattr(api, name)
    if name == "load_pipeline":
        from rashomon.parse import load_pipeline

        return load_pipeline
    raise AttributeError(name)
