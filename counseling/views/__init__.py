"""HTML views of the counselling app, by audience."""
