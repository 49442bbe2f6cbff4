"""The one way two spellings of a person's name are compared.

Sign-up matches the name typed against the participant registry, and the
claim wizard and the account change check that the bank account is in the
participant's own name. Both compare ``normalize_person_name`` of each side:
case, spacing, punctuation and diacritics do not matter, and neither do the
religious and academic titles Indonesians put before or after a name on a
bank book or a form ("Hj. Siti Aminah, S.E." is "Siti Aminah").
"""

from __future__ import annotations

import re
import unicodedata

# Before the name: Haji/Hajjah, Kiai Haji, doctor (Dr./Drs./Dra.), engineer (Ir.), professor.
_PREFIX_TITLES = frozenset({"h", "hj", "kh", "dr", "drs", "dra", "ir", "prof"})
# After a comma: degrees such as "S.E.", "S.Kom.", "M.M.", "A.Md.", "Ph.D".
_DEGREE = re.compile(r"^(?:[a-z]{1,4}\.\s*)+(?:[a-z]{1,4}\.?)?$")


def normalize_person_name(name: str) -> str:
    """A comparable form of a person's name ("  HJ. Siti  Ámínah, S.E." -> "siti aminah")."""
    text = unicodedata.normalize("NFKD", name or "")
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    head, *tail = text.split(",")
    # trailing degrees after commas are dropped; any other comma part stays part of the name
    kept = [part for part in tail if not _DEGREE.fullmatch(part.strip())]
    text = " ".join([head, *kept])
    text = re.sub(r"['’`]", "", text)  # Nur'aini == Nuraini
    words = re.sub(r"[^\w]|_", " ", text).split()
    while len(words) > 1 and words[0] in _PREFIX_TITLES:
        words.pop(0)
    return " ".join(words)
