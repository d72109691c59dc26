"""The rules of planning: picks, conflicts, programme changes, search, suggestions. Imports only the model."""
