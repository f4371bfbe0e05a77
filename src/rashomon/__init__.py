"""rashomon: who said what about an incident, and where do the accounts disagree?"""

import logging

__version__ = "0.1.0"

# Library code logs, never configures logging: the application decides (see cli --debug).
logging.getLogger(__name__).addHandler(logging.NullHandler())

__all__ = ["__version__"]
