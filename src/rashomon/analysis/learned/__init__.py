"""Learned components: small weights over the packaged encoder, with a lexicon or rules behind them."""
