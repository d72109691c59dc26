"""What the planner shows, worked out without Textual: rows, the agenda view, the timeline, the state."""
