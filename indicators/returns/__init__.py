"""KPI returns: the return grid, submitting, approving, sending back and RAG overrides."""
