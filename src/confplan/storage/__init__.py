"""Files, URLs and caches: reading schedules, agendas, settings and reading lists; writing exports."""
