"""on SQLite, the document counts of terms kept in one B-tree ordered by term (a table
WITHOUT ROWID) instead of a table and its index on the term: a term's count is read, and
added to, in one lookup instead of two. Linking 100 new articles into 100,000 reads
about 7,600 fewer pages (6,000 of them in the term counts' lookups) and writes about 3,000
fewer. PostgreSQL keeps its table as it is.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06 17:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COMMON_FLOOR = 1_000  # as rashomon.store.tables.COMMON_FLOOR when this revision was made


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _rebuild(with_rowid=False)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _rebuild(with_rowid=True)


def _rebuild(*, with_rowid: bool) -> None:
    """Copy ``link_terms`` into a table made as asked, in term order, and put it in its
    place with its partial index."""
    op.create_table(
        "link_terms_rebuilt",
        sa.Column("term", sa.String(length=200), nullable=False),
        sa.Column("df", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("term", name="pk_link_terms"),
        sqlite_with_rowid=with_rowid,
    )
    op.execute(
        "INSERT INTO link_terms_rebuilt (term, df) SELECT term, df FROM link_terms ORDER BY term"
    )
    op.drop_index("ix_link_terms_common", table_name="link_terms")
    op.drop_table("link_terms")
    op.rename_table("link_terms_rebuilt", "link_terms")
    over = sa.text(f"df > {COMMON_FLOOR}")
    op.create_index(
        "ix_link_terms_common", "link_terms", ["df"], sqlite_where=over, postgresql_where=over
    )
