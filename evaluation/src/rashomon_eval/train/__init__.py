"""Commands that rebuild the packaged weights of the learned components from the developer data."""
