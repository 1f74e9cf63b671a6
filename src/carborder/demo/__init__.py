"""Synthetic fleet data and the sample workspace of `carborder demo`."""
