"""each linked article's MinHash signature (incremental linking finds wire copies with it)

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-06 02:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("link_articles") as batch:
        batch.add_column(sa.Column("shingles", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("minhash", sa.LargeBinary(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("link_articles") as batch:
        batch.drop_column("minhash")
        batch.drop_column("shingles")
