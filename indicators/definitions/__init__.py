"""Indicator definitions: unit, target, rating thresholds and the one-page summary's blocks."""
