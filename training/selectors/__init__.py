"""Reads of the training app: scope (who reaches what), programmes and
enrolments, vacancies and applications, matching, supply and demand."""
