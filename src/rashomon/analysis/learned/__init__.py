"""Learned components' inference: small weights shipped in `rashomon.resources.models`, decoded in numpy (no
torch), each with a lexicon or rules behind it when its weights or encoder are absent."""
