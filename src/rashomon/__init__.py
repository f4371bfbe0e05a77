"""rashomon: who said what about an incident, and where do the accounts disagree?"""

__version__ = "0.1.0"

__all__ = ["__version__"]
