"""Training commands for the learned components; each rebuilds weights shipped in the package from ../shared/eval."""
