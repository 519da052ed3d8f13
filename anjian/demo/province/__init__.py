"""A province at scale (`anjian generate_province`): many counties of units, hazards, visits and risk points,
planned from a seed in pure Python and written in bulk (COPY on PostgreSQL), every signed row sealed."""
