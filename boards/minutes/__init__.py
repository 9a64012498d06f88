"""Recording a meeting: minutes, attendance, declarations; confirming minutes."""
