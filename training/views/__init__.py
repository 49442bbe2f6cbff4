"""HTML views of the training app, by audience: worker, konselor, employer, staff."""
