"""Workspaces: carborder.yaml, inventory files and scenario files."""
