"""The planner's own widgets."""
