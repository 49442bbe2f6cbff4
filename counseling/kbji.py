"""Occupations from KBJI 2014 (Klasifikasi Baku Jabatan Indonesia), the
Indonesian occupation classification built on ISCO-08.

The asesmen diri asks for the occupation a worker wants by its 4-digit unit
group code. This is the subset of unit groups that laid-off JKP participants
come from or move to (manufacturing, garments and textiles, trade, services,
logistics, construction, offices, ICT), grouped by the 1-digit major group.
"""

from django.utils.translation import gettext_lazy as _

MAJOR_GROUPS: dict[str, str] = {
    "1": _("Manajer"),
    "2": _("Profesional"),
    "3": _("Teknisi dan asisten ahli"),
    "4": _("Tenaga tata usaha"),
    "5": _("Tenaga usaha jasa dan penjualan"),
    "6": _("Pekerja terampil pertanian, kehutanan dan perikanan"),
    "7": _("Pekerja pengolahan, kerajinan dan yang berhubungan"),
    "8": _("Operator dan perakit mesin"),
    "9": _("Pekerja kasar"),
}

OCCUPATIONS: dict[str, str] = {
    "1120": _("Direktur utama dan kepala eksekutif"),
    "1211": _("Manajer keuangan"),
    "1212": _("Manajer sumber daya manusia"),
    "1221": _("Manajer penjualan dan pemasaran"),
    "1321": _("Manajer produksi manufaktur"),
    "1324": _("Manajer pasokan, distribusi dan yang berhubungan"),
    "1412": _("Manajer restoran"),
    "1420": _("Manajer perdagangan eceran dan grosir"),
    "2141": _("Insinyur industri dan produksi"),
    "2142": _("Insinyur sipil"),
    "2144": _("Insinyur mesin"),
    "2151": _("Insinyur listrik"),
    "2221": _("Perawat profesional"),
    "2341": _("Guru sekolah dasar"),
    "2411": _("Akuntan"),
    "2421": _("Analis manajemen dan organisasi"),
    "2423": _("Profesional personalia dan karier"),
    "2431": _("Profesional periklanan dan pemasaran"),
    "2511": _("Analis sistem"),
    "2512": _("Pengembang perangkat lunak"),
    "2513": _("Pengembang web dan multimedia"),
    "3113": _("Teknisi teknik listrik"),
    "3115": _("Teknisi teknik mesin"),
    "3122": _("Pengawas (supervisor) produksi manufaktur"),
    "3123": _("Pengawas konstruksi"),
    "3313": _("Tenaga pembukuan dan akuntansi"),
    "3322": _("Perwakilan penjualan komersial"),
    "3343": _("Sekretaris administrasi dan eksekutif"),
    "3434": _("Kepala juru masak (chef)"),
    "3512": _("Teknisi dukungan pengguna TIK"),
    "3513": _("Teknisi jaringan dan sistem komputer"),
    "4110": _("Juru tulis kantor umum"),
    "4120": _("Sekretaris umum"),
    "4132": _("Operator entri data"),
    "4211": _("Teller bank"),
    "4222": _("Petugas pusat kontak (call center)"),
    "4224": _("Resepsionis hotel"),
    "4226": _("Resepsionis umum"),
    "4311": _("Juru buku dan akuntansi"),
    "4321": _("Petugas gudang dan persediaan"),
    "4323": _("Petugas administrasi angkutan"),
    "5120": _("Juru masak"),
    "5131": _("Pramusaji"),
    "5132": _("Bartender"),
    "5141": _("Penata rambut"),
    "5142": _("Ahli kecantikan"),
    "5223": _("Pramuniaga toko"),
    "5230": _("Kasir dan penjual tiket"),
    "5244": _("Tenaga penjualan pusat kontak"),
    "5311": _("Pengasuh anak"),
    "5321": _("Asisten perawatan kesehatan"),
    "5322": _("Perawat pribadi di rumah (caregiver)"),
    "5414": _("Petugas keamanan (satpam)"),
    "6111": _("Petani tanaman pangan dan sayuran"),
    "6112": _("Petani tanaman keras dan perkebunan"),
    "6121": _("Peternak"),
    "6221": _("Pembudi daya ikan"),
    "7112": _("Tukang batu"),
    "7115": _("Tukang kayu"),
    "7126": _("Tukang pipa (plumber)"),
    "7212": _("Tukang las dan pemotong logam"),
    "7223": _("Penyetel dan operator mesin perkakas logam"),
    "7231": _("Mekanik kendaraan bermotor"),
    "7233": _("Mekanik mesin pertanian dan industri"),
    "7411": _("Teknisi listrik bangunan"),
    "7421": _("Mekanik dan servis elektronika"),
    "7512": _("Pembuat roti dan kue"),
    "7516": _("Pengolah tembakau dan pembuat produk tembakau"),
    "7531": _("Penjahit dan perancang busana"),
    "7533": _("Pekerja jahit, bordir dan yang berhubungan"),
    "7536": _("Pembuat sepatu"),
    "8131": _("Operator mesin dan pabrik produk kimia"),
    "8141": _("Operator mesin produk karet"),
    "8142": _("Operator mesin produk plastik"),
    "8151": _("Operator mesin persiapan serat, pemintalan dan penggulungan"),
    "8152": _("Operator mesin tenun dan rajut"),
    "8153": _("Operator mesin jahit"),
    "8156": _("Operator mesin pembuat sepatu"),
    "8160": _("Operator mesin produk makanan dan yang berhubungan"),
    "8172": _("Operator pabrik pengolahan kayu"),
    "8182": _("Operator mesin uap dan ketel (boiler)"),
    "8211": _("Perakit mesin mekanik"),
    "8212": _("Perakit peralatan listrik dan elektronik"),
    "8219": _("Perakit lainnya"),
    "8322": _("Pengemudi mobil, taksi dan van"),
    "8331": _("Pengemudi bus"),
    "8332": _("Pengemudi truk berat"),
    "8343": _("Operator derek dan alat angkat"),
    "8344": _("Operator forklift"),
    "9112": _("Petugas kebersihan kantor dan hotel"),
    "9211": _("Buruh tani tanaman pangan"),
    "9313": _("Pekerja bangunan gedung"),
    "9321": _("Pengemas barang"),
    "9329": _("Pekerja pabrik lainnya"),
    "9333": _("Pekerja bongkar muat barang"),
    "9412": _("Pembantu juru masak"),
    "9621": _("Kurir dan pengantar paket"),
}


def occupation_label(code: str) -> str:
    label = OCCUPATIONS.get(code)
    return f"{code} {label}" if label else code


def occupation_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """Grouped choices for a select: [(major group label, [(code, "code label"), ...]), ...]."""
    groups: list[tuple[str, list[tuple[str, str]]]] = []
    for major, major_label in MAJOR_GROUPS.items():
        items = [(code, f"{code} — {label}") for code, label in OCCUPATIONS.items() if code.startswith(major)]
        if items:
            groups.append((f"{major} {major_label}", items))
    return groups
