"""Pure habit-tracking logic (stdlib only): dates, schedules, marks, streaks, scores, grids."""
