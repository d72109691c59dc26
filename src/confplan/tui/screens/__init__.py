"""The planner's screens: one per view, plus dialogs."""
