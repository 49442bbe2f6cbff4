from django.dispatch import Signal

# Asked by the password validator for what a person's password must not be made
# of. kwargs: user (a saved User). A receiver returns None or a dict with
# "names" (list of str) and "birth_dates" (list of date); claims answers with
# the worker's registry record. Unsaved users (sign-up) carry what they typed.
personal_facts = Signal()
