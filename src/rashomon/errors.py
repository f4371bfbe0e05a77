"""One error hierarchy with coded messages, rendered ``[R012] ...``.

Library code raises these; only ``cli`` turns them into exit codes and one-line messages.
"""

from __future__ import annotations


class RashomonError(Exception):
    """Base of every error a user can cause or fix. ``code`` is stable (R001...)."""

    code = "R000"

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        if code is not None:
            self.code = code
        self.message = message

    def __str__(self) -> str:
        return f"[{self.code}] {self.message}"


class InputError(RashomonError):
    """An input (file, line, URL) cannot be read or analysed."""

    code = "R001"


class ConfigError(RashomonError):
    """A setting has a bad value."""

    code = "R020"


class ModelNotFoundError(RashomonError):
    """The configured spaCy pipeline is not installed."""

    code = "R030"


class PipelineError(RashomonError):
    """A stage was given data without an annotation it needs."""

    code = "R040"


class StoreError(RashomonError):
    """The database cannot be opened, or refuses what is written to it."""

    code = "R050"


class BatchError(RashomonError):
    """A batch's output directory or Dask cluster cannot be used."""

    code = "R060"


# Codes of BatchError
BAD_OUTPUT_DIR = "R060"
NO_SCHEDULER = "R061"
BAD_PARTITION = "R062"
WORKER_DIED = "R063"

# Codes of StoreError
BAD_URL = "R050"
CANNOT_OPEN = "R051"
ID_CONFLICT = "R052"
UNKNOWN_RUN = "R053"
REFUSED = "R054"

# Codes of InputError, one per kind of bad input. Documented in the README.
EMPTY_INPUT = "R001"
BINARY_INPUT = "R002"
INPUT_TOO_LARGE = "R003"
UNDECODABLE = "R004"
NOT_ENGLISH = "R005"
URL_REFUSED = "R006"
URL_UNREACHABLE = "R007"
HTTP_STATUS = "R008"
BAD_CONTENT_TYPE = "R009"
MALFORMED_JSONL = "R010"
MISSING_TEXT = "R011"
NOT_FOUND = "R012"
UNSUPPORTED_INPUT = "R013"
NO_ARTICLE_TEXT = "R014"
ARTICLE_TOO_LONG = "R015"
SPECIAL_FILE = "R016"
ARTICLE_TIMEOUT = "R017"
ROBOTS_DISALLOWED = "R018"
MALFORMED_SOURCE = "R019"  # a feed, sitemap, URL list or WARC file that cannot be read
