"""Map layer models and renderers (Qt-free)."""
