"""each linked article's facts (its record less event, people and text vector): a new
article is tested against its stored neighbours without reading their analyses; the key
index covers the lookup (key, timed, undated, article id: no row is read)

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-06 04:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("link_articles") as batch:
        batch.add_column(sa.Column("facts", sa.JSON(), nullable=True))
    op.drop_index("ix_link_keys_key_timed", table_name="link_keys")
    op.create_index(
        "ix_link_keys_key_timed", "link_keys", ["key", "timed", "undated", "article_id"]
    )


def downgrade() -> None:
    op.drop_index("ix_link_keys_key_timed", table_name="link_keys")
    op.create_index("ix_link_keys_key_timed", "link_keys", ["key", "timed"])
    with op.batch_alter_table("link_articles") as batch:
        batch.drop_column("facts")
