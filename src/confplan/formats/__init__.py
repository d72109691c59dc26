"""Input formats: each module reads one kind of schedule into the model (see registry.py)."""
