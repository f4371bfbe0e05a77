"""stored link results: incidents with stable ids, membership, history, blocking keys

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-06 00:40:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "incident_history",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("action", sa.String(length=64), nullable=False),
        sa.Column("incident_id", sa.String(length=32), nullable=False),
        sa.Column("other_id", sa.String(length=32), nullable=True),
        sa.Column("articles", sa.Integer(), nullable=False),
        sa.Column("cause", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_incident_history")),
    )
    op.create_index(
        op.f("ix_incident_history_incident_id"), "incident_history", ["incident_id"], unique=False
    )
    op.create_table(
        "incidents",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("type", sa.String(length=64), nullable=False),
        sa.Column("start", sa.Date(), nullable=True),
        sa.Column("end", sa.Date(), nullable=True),
        sa.Column("places", sa.JSON(), nullable=False),
        sa.Column("rules", sa.JSON(), nullable=False),
        sa.Column("events", sa.JSON(), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("search", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_incidents")),
    )
    op.create_index(op.f("ix_incidents_end"), "incidents", ["end"], unique=False)
    op.create_index(op.f("ix_incidents_start"), "incidents", ["start"], unique=False)
    op.create_index(op.f("ix_incidents_type"), "incidents", ["type"], unique=False)
    op.create_table(
        "link_terms",
        sa.Column("term", sa.String(length=200), nullable=False),
        sa.Column("df", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("term", name=op.f("pk_link_terms")),
    )
    op.create_table(
        "copy_members",
        sa.Column("article_id", sa.String(length=200), nullable=False),
        sa.Column("original_id", sa.String(length=200), nullable=False),
        sa.Column("agency", sa.Text(), nullable=True),
        sa.Column("similarity", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name=op.f("fk_copy_members_article_id_articles"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("article_id", name=op.f("pk_copy_members")),
    )
    op.create_index(
        op.f("ix_copy_members_original_id"), "copy_members", ["original_id"], unique=False
    )
    op.create_table(
        "incident_members",
        sa.Column("article_id", sa.String(length=200), nullable=False),
        sa.Column("incident_id", sa.String(length=32), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name=op.f("fk_incident_members_article_id_articles"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["incident_id"],
            ["incidents.id"],
            name=op.f("fk_incident_members_incident_id_incidents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("article_id", name=op.f("pk_incident_members")),
    )
    op.create_index(
        op.f("ix_incident_members_incident_id"), "incident_members", ["incident_id"], unique=False
    )
    op.create_table(
        "link_articles",
        sa.Column("article_id", sa.String(length=200), nullable=False),
        sa.Column("undated", sa.Boolean(), nullable=True),
        sa.Column("linked_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name=op.f("fk_link_articles_article_id_articles"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("article_id", name=op.f("pk_link_articles")),
    )
    op.create_table(
        "link_keys",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("article_id", sa.String(length=200), nullable=False),
        sa.Column("key", sa.String(length=24), nullable=False),
        sa.Column("timed", sa.Boolean(), nullable=False),
        sa.Column("undated", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name=op.f("fk_link_keys_article_id_articles"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_link_keys")),
    )
    op.create_index(op.f("ix_link_keys_article_id"), "link_keys", ["article_id"], unique=False)
    op.create_index("ix_link_keys_key_timed", "link_keys", ["key", "timed"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_link_keys_key_timed", table_name="link_keys")
    op.drop_index(op.f("ix_link_keys_article_id"), table_name="link_keys")
    op.drop_table("link_keys")
    op.drop_table("link_articles")
    op.drop_index(op.f("ix_incident_members_incident_id"), table_name="incident_members")
    op.drop_table("incident_members")
    op.drop_index(op.f("ix_copy_members_original_id"), table_name="copy_members")
    op.drop_table("copy_members")
    op.drop_table("link_terms")
    op.drop_index(op.f("ix_incidents_type"), table_name="incidents")
    op.drop_index(op.f("ix_incidents_start"), table_name="incidents")
    op.drop_index(op.f("ix_incidents_end"), table_name="incidents")
    op.drop_table("incidents")
    op.drop_index(op.f("ix_incident_history_incident_id"), table_name="incident_history")
    op.drop_table("incident_history")
