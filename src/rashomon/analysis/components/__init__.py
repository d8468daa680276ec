"""Built-in analysis components; each module registers itself through register_components()."""
