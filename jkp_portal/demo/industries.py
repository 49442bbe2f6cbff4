"""The demo's industries and their KBLI 2020 section and codes.

A KBLI section is too coarse for the demo's stories: section C holds the
garment, kretek and chemical plants alike, with different workforces, company
names and jobs. So the demo draws its employers from these industries and
writes each one's section, and the 5-digit KBLI 2020 code its name suggests
("PT Lawu Garmen Mandiri" is 14111); the training demo reads the industry back
from an employer's section and code (``industry_of``).
"""

from __future__ import annotations

from claims.kbli import DIVISIONS

# industry -> KBLI 2020 section
SECTIONS = {
    "consumer_goods": "C",  # rokok, garmen, tekstil, pangan
    "chemicals": "C",
    "manufacturing": "C",
    "trade_services": "G",
    "transport": "H",
    "hospitality": "I",
    "construction": "F",
    "mining": "B",
    "plantation": "A",
    "finance": "K",
    "ict": "J",
    "other": "S",
}

# industry -> the code of an employer whose name has none of CODES' words ("" = the section only)
DEFAULT_CODES = {"consumer_goods": "14111", "chemicals": "20231"}

# A word of a demo company name -> the 5-digit KBLI 2020 code of its business.
CODES = {
    "Garmen": "14111",  # Industri Pakaian Jadi (Konveksi) dari Tekstil
    "Busana": "14111",
    "Sandang": "14111",
    "Batik": "14111",
    "Kretek": "12011",  # Industri Sigaret Kretek Tangan
    "Tekstil": "13121",  # Industri Pertenunan (Bukan Pertenunan Karung Goni dan Karung Lainnya)
    "Pangan": "10710",  # Industri Roti dan Kue
    "Kimia": "20111",  # Industri Kimia Dasar Anorganik Khlor dan Alkali
    "Cat": "20221",  # Industri Cat dan Tinta Cetak
    "Ritel": "47111",  # Perdagangan Eceran ... di Minimarket/Supermarket/Hypermarket
    "Swalayan": "47111",
    "Ekspedisi": "49431",  # Angkutan Bermotor untuk Barang Umum
    "Angkutan": "49431",
    "Logistik": "52101",  # Pergudangan dan Penyimpanan
    "Boga": "56101",  # Restoran
    "Rasa": "56101",
    "Bangun": "41011",  # Konstruksi Gedung Hunian
    "Batubara": "05100",  # Pertambangan Batu Bara
    "Sawit": "01262",  # Perkebunan Buah Kelapa Sawit
    "Teknologi": "62019",  # Aktivitas Pemrograman Komputer Lainnya
}

_BY_SECTION = {
    "A": "plantation",
    "B": "mining",
    "C": "manufacturing",
    "F": "construction",
    "G": "trade_services",
    "H": "transport",
    "I": "hospitality",
    "J": "ict",
    "K": "finance",
}


def kbli_for(industry: str, name: str) -> tuple[str, str]:
    """(section, 5-digit code) of a demo employer of ``industry`` named ``name``."""
    section = SECTIONS[industry]
    code = next((CODES[word] for word in name.split() if word in CODES), DEFAULT_CODES.get(industry, ""))
    if code and DIVISIONS[code[:2]] != section:
        code = DEFAULT_CODES.get(industry, "")
    return section, code


def industry_of(sector: str, kbli_code: str) -> str:
    """The demo industry of an employer, from its section and KBLI code."""
    if sector == "C" and kbli_code:
        division = int(kbli_code[:2])
        if 10 <= division <= 15:
            return "consumer_goods"
        if 19 <= division <= 22:
            return "chemicals"
    return _BY_SECTION.get(sector, "other")
