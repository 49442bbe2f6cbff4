"""The dashboards' history since January 2024 (``history.load``), loaded last."""
