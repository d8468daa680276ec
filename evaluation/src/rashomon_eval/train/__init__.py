"""Training and probing of learned components on the developer data (never the annotated stories)."""
