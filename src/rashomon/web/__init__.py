"""web: the store served as pages and a JSON API (``rashomon serve``).

``create_app(WebConfig(...))`` builds a FastAPI application over one store: the incidents
list, an incident's ledger with its timeline, an article with its attributions, claims and
figures highlighted, a claimant's statements across incidents, and the same data as JSON
under ``/api/`` (what the CLI's ``--format json`` writes). Pages read stored link results
through ``rashomon.app``; nothing here re-links the store. Writes (``POST /api/articles``)
need the bearer token given at start; without one the server is read-only.
"""

from rashomon.web.config import WebConfig, read_token
from rashomon.web.server import create_app, serve

__all__ = ["WebConfig", "create_app", "read_token", "serve"]
