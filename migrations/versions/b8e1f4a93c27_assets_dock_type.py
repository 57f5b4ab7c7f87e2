"""assets: a docking-station type, as desk sets usually include one

Revision ID: b8e1f4a93c27
Revises: a7d2e9c4b310
Create Date: 2026-11-25 22:05:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b8e1f4a93c27'
down_revision = 'a7d2e9c4b310'
branch_labels = None
depends_on = None

types = sa.table(
    "asset_types",
    sa.column("code", sa.String),
    sa.column("name_zh", sa.String),
    sa.column("name_en", sa.String),
    sa.column("category", sa.String),
    sa.column("parameters", sa.JSON),
    sa.column("position", sa.Integer),
    sa.column("active", sa.Boolean),
)
# the starting types in their order, with the dock after the monitor (frozen here)
ORDER = ("desktop", "laptop", "monitor", "dock", "network_printer", "phone", "network_device",
         "other_device", "operating_system", "application", "licence")


def upgrade():
    bind = op.get_bind()
    if bind.scalar(sa.select(types.c.code).where(types.c.code == "dock")) is None:
        op.bulk_insert(types, [{"code": "dock", "name_zh": "扩展坞", "name_en": "Docking station",
                                "category": "hardware", "parameters": [], "position": 3,
                                "active": True}])
    for position, code in enumerate(ORDER):
        bind.execute(types.update().where(types.c.code == code).values(position=position))


def downgrade():
    # a dock type that CIs use stays; an unused one goes
    op.execute(
        "DELETE FROM asset_types WHERE code = 'dock' "
        "AND NOT EXISTS (SELECT 1 FROM assets WHERE assets.type_id = asset_types.id)"
    )
