"""Database layer: models, engine, unit of work, migrations. Knows nothing above it."""
