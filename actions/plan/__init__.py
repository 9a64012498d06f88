"""Actions from the partnership plan's action plan: added without a meeting, with the plan's
fields (focus area, priorities, outcomes, resources, lead organisations, review date)."""
