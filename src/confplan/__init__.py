"""confplan: a personal conference agenda planner for the terminal."""

__version__ = "0.1.0"
