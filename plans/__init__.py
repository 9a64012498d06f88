"""The partnership plan (DOMAIN.md: The partnership plan): priorities, objectives, versions."""
