"""The chair's review of the action log: changes to a selection, and leads asking to close."""
