"""Masking of identity numbers for lists (full values only on detail pages, logged)."""


def mask_nik(nik: str) -> str:
    """``3273056010900009`` → ``3273********0009`` for lists."""
    if not nik or len(nik) < 8:
        return "*" * len(nik or "")
    return f"{nik[:4]}{'*' * (len(nik) - 8)}{nik[-4:]}"
