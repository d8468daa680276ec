"""Learned components' inference: weights shipped in `rashomon.resources.models`, decoded in numpy (no torch)."""
