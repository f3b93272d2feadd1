"""Flower's own settings, read from the working directory by `celery flower` as
`manage.py up` and compose start it.

Flower keeps the task events it has seen in memory, 100,000 tasks by default: at a
household's rate (8 cameras, a photo each every 10 s, about 8 tasks a photo) that is
~4 hours and well over a gigabyte, and its memory rose by ~310 MiB an hour in the soak
(bench/soak.py). 10,000 is the last half hour or so at that rate; older tasks are
forgotten by Flower only (dead letters and every fact stay in PostgreSQL)."""

max_tasks = 10_000
