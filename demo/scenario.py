# ruff: noqa: E501  (one row per line reads like the spreadsheet it stands for)
"""The scenario's 48 stakeholders (shared/DOMAIN.md), used by the demo data and by the tests.

The names are made up; phone numbers use the 0812-5xxx range of mobile numbers in East Kalimantan
and are fictitious, e-mail addresses use the reserved `example` domains.
"""

from typing import NamedTuple


class ScenarioOrganization(NamedTuple):
    name: str
    type: str
    region: str  # a region name (a sub-district, or a district)
    address: str = ""
    partner_status: str = ""
    partner_status_year: int | None = None


class ScenarioStakeholder(NamedTuple):
    name: str
    position: str
    organization: str
    region: str
    phone: str
    email: str
    influence: int
    interest: int
    attitude: str
    local_hero: bool = False
    key_contact: bool = False


# fmt: off
ORGANIZATIONS = [
    ScenarioOrganization("Bappedalitbang Kota Balikpapan", "government", "Klandasan Ulu", "Jl. Jenderal Sudirman No. 1"),
    ScenarioOrganization("Dinas Lingkungan Hidup Kota Balikpapan", "government", "Sepinggan", "Jl. Ruhui Rahayu"),
    ScenarioOrganization("Dinas Kesehatan Kota Balikpapan", "government", "Gunung Sari Ilir", "Jl. Dahor No. 25"),
    ScenarioOrganization("Dinas Koperasi, UMKM dan Perindustrian Kota Balikpapan", "government", "Klandasan Ilir"),
    ScenarioOrganization("Bappeda Kabupaten Penajam Paser Utara", "government", "Nipah-Nipah", "Jl. Provinsi Km 9"),
    ScenarioOrganization("Dinas Lingkungan Hidup Kabupaten Penajam Paser Utara", "government", "Nipah-Nipah"),
    ScenarioOrganization("Kantor Kecamatan Balikpapan Barat", "subdistrict_office", "Baru Tengah", "Jl. Letjen Suprapto"),
    ScenarioOrganization("Kantor Kelurahan Baru Ulu", "subdistrict_office", "Baru Ulu"),
    ScenarioOrganization("Kantor Kelurahan Margo Mulyo", "subdistrict_office", "Margo Mulyo"),
    ScenarioOrganization("Kantor Kelurahan Prapatan", "subdistrict_office", "Prapatan"),
    ScenarioOrganization("Kantor Kelurahan Kariangau", "subdistrict_office", "Kariangau"),
    ScenarioOrganization("Kantor Kelurahan Lawe-Lawe", "subdistrict_office", "Lawe-Lawe"),
    ScenarioOrganization("Kantor Kelurahan Nipah-Nipah", "subdistrict_office", "Nipah-Nipah"),
    ScenarioOrganization(
        "Koperasi Kriya Inovasi Mandara (KIM)", "cooperative", "Margo Mulyo", "Jl. Puskib RT 21", "developing", 2023
    ),
    ScenarioOrganization("Kelompok Rawabening", "community_group", "Baru Ulu", "Gang Rawabening RT 08", "independent", 2024),
    ScenarioOrganization("Bank Sampah Bersinar Margo Mulyo", "fostered_partner", "Margo Mulyo", "", "assisted", 2024),
    ScenarioOrganization("Kelompok Pelestari Mangrove Kariangau", "fostered_partner", "Kariangau", "", "developing", 2022),
    ScenarioOrganization("UMKM Amplang Kepiting Baru Tengah", "fostered_partner", "Baru Tengah", "", "assisted", 2025),
    ScenarioOrganization("Posyandu Melati Baru Ulu", "health_post", "Baru Ulu"),
    ScenarioOrganization("Posyandu Mawar Lawe-Lawe", "health_post", "Lawe-Lawe"),
    ScenarioOrganization("Puskesmas Baru Ulu", "health_post", "Baru Ulu", "Jl. Sulawesi"),
    ScenarioOrganization("SD Negeri 012 Balikpapan Barat", "education", "Margo Mulyo"),
    ScenarioOrganization("SMK Negeri 1 Penajam Paser Utara", "education", "Nipah-Nipah"),
    ScenarioOrganization("Universitas Balikpapan", "education", "Batu Ampar", "Jl. Pupuk Raya"),
    ScenarioOrganization("Masjid Agung At-Taqwa Balikpapan", "religious", "Klandasan Ilir"),
    ScenarioOrganization("GPIB Immanuel Balikpapan", "religious", "Prapatan"),
    ScenarioOrganization("Karang Taruna Kelurahan Baru Ulu", "youth", "Baru Ulu"),
    ScenarioOrganization("Karang Taruna Kelurahan Nipah-Nipah", "youth", "Nipah-Nipah"),
    ScenarioOrganization("PKK Kelurahan Prapatan", "community_group", "Prapatan"),
    ScenarioOrganization("Kelompok Nelayan Lawe-Lawe", "community_group", "Lawe-Lawe"),
    ScenarioOrganization("Yayasan Peduli Teluk Balikpapan", "ngo", "Gunung Sari Ulu"),
    ScenarioOrganization("Kelompok Tani Sepaku Makmur", "fostered_partner", "Bumi Harapan", "", "assisted", 2025),
    ScenarioOrganization("Kadin Kota Balikpapan", "business", "Klandasan Ilir"),
    ScenarioOrganization("Tribun Kaltim", "media", "Gunung Samarinda"),
]

S = ScenarioStakeholder
STAKEHOLDERS = [
    S("Ir. Agus Santoso, M.T.", "Kepala Bidang Perencanaan", "Bappedalitbang Kota Balikpapan", "Klandasan Ulu", "081250010001", "agus.santoso@example.go.id", 5, 4, "supportive", key_contact=True),
    S("Dewi Kusumawardani, S.E.", "Analis Perencanaan", "Bappedalitbang Kota Balikpapan", "Klandasan Ulu", "081250010002", "dewi.kusuma@example.go.id", 3, 4, "supportive"),
    S("Hendra Gunawan, S.T.", "Kepala Seksi Pengendalian Pencemaran", "Dinas Lingkungan Hidup Kota Balikpapan", "Sepinggan", "081250010003", "hendra.g@example.go.id", 4, 4, "neutral", key_contact=True),
    S("dr. Ratna Sari Dewi", "Kepala Bidang Kesehatan Masyarakat", "Dinas Kesehatan Kota Balikpapan", "Gunung Sari Ilir", "081250010004", "ratna.dewi@example.go.id", 4, 5, "supportive", key_contact=True),
    S("Muhammad Rizal Effendi", "Kepala Bidang UMKM", "Dinas Koperasi, UMKM dan Perindustrian Kota Balikpapan", "Klandasan Ilir", "081250010005", "", 4, 3, "neutral"),
    S("Andi Baso Mappiasse", "Kepala Bidang Ekonomi", "Bappeda Kabupaten Penajam Paser Utara", "Nipah-Nipah", "081250010006", "andi.baso@example.go.id", 5, 3, "neutral", key_contact=True),
    S("Nurhayati, S.Hut.", "Penyuluh Lingkungan", "Dinas Lingkungan Hidup Kabupaten Penajam Paser Utara", "Nipah-Nipah", "081250010007", "", 3, 4, "supportive"),
    S("Drs. Syahrani Noor", "Camat Balikpapan Barat", "Kantor Kecamatan Balikpapan Barat", "Baru Tengah", "081250010008", "camat.bpbarat@example.go.id", 5, 4, "supportive", key_contact=True),
    S("Fitriani Rahman", "Sekretaris Kecamatan", "Kantor Kecamatan Balikpapan Barat", "Baru Tengah", "081250010009", "", 3, 3, "neutral"),
    S("Bambang Suryadi", "Lurah Baru Ulu", "Kantor Kelurahan Baru Ulu", "Baru Ulu", "081250010010", "", 4, 5, "supportive", key_contact=True),
    S("Siti Aminah", "Lurah Margo Mulyo", "Kantor Kelurahan Margo Mulyo", "Margo Mulyo", "081250010011", "", 4, 4, "supportive"),
    S("Yohanes Lumban Gaol", "Lurah Prapatan", "Kantor Kelurahan Prapatan", "Prapatan", "081250010012", "", 3, 3, "neutral"),
    S("Rusdiansyah", "Lurah Kariangau", "Kantor Kelurahan Kariangau", "Kariangau", "081250010013", "", 4, 4, "resistant"),
    S("Abdul Muis", "Lurah Lawe-Lawe", "Kantor Kelurahan Lawe-Lawe", "Lawe-Lawe", "081250010014", "", 4, 5, "neutral"),
    S("Herlina Tandililing", "Kasi Pemberdayaan Masyarakat", "Kantor Kelurahan Nipah-Nipah", "Nipah-Nipah", "081250010015", "", 2, 4, "supportive"),
    S("Hj. Rusmiati Mandara", "Ketua Koperasi", "Koperasi Kriya Inovasi Mandara (KIM)", "Margo Mulyo", "081250010016", "rusmiati.kim@example.com", 3, 5, "supportive", local_hero=True, key_contact=True),
    S("Sri Wahyuni", "Bendahara Koperasi", "Koperasi Kriya Inovasi Mandara (KIM)", "Margo Mulyo", "081250010017", "", 2, 5, "supportive"),
    S("Eko Prasetyo", "Koordinator Produksi Sabut Kelapa", "Koperasi Kriya Inovasi Mandara (KIM)", "Margo Mulyo", "081250010018", "", 1, 5, "supportive"),
    S("Sarwana", "Ketua Kelompok", "Kelompok Rawabening", "Baru Ulu", "081250010019", "sarwana.rawabening@example.com", 3, 5, "supportive", local_hero=True, key_contact=True),
    S("Nur Aisyah", "Koordinator Urban Farming", "Kelompok Rawabening", "Baru Ulu", "081250010020", "", 2, 5, "supportive"),
    S("Slamet Riyadi", "Teknisi Panen Air Hujan", "Kelompok Rawabening", "Baru Ulu", "081250010021", "", 1, 4, "supportive"),
    S("Sumarni", "Direktur Bank Sampah", "Bank Sampah Bersinar Margo Mulyo", "Margo Mulyo", "081250010022", "", 2, 5, "supportive"),
    S("La Ode Hasrul", "Ketua Kelompok", "Kelompok Pelestari Mangrove Kariangau", "Kariangau", "081250010023", "", 2, 5, "supportive"),
    S("Juhriah", "Pemilik Usaha", "UMKM Amplang Kepiting Baru Tengah", "Baru Tengah", "081250010024", "", 1, 4, "supportive"),
    S("Wulan Sari", "Kader Posyandu", "Posyandu Melati Baru Ulu", "Baru Ulu", "081250010025", "", 1, 5, "supportive"),
    S("Marlina", "Ketua Kader", "Posyandu Melati Baru Ulu", "Baru Ulu", "081250010026", "", 2, 5, "supportive"),
    S("Hasnah", "Kader Posyandu", "Posyandu Mawar Lawe-Lawe", "Lawe-Lawe", "081250010027", "", 1, 4, "neutral"),
    S("dr. Indra Wijaya", "Kepala Puskesmas", "Puskesmas Baru Ulu", "Baru Ulu", "081250010028", "indra.wijaya@example.go.id", 3, 4, "supportive"),
    S("Sutrisno, S.Pd.", "Kepala Sekolah", "SD Negeri 012 Balikpapan Barat", "Margo Mulyo", "081250010029", "", 2, 3, "supportive"),
    S("Theresia Palinggi, S.Pd.", "Guru Pembina Adiwiyata", "SD Negeri 012 Balikpapan Barat", "Margo Mulyo", "081250010030", "", 1, 4, "supportive"),
    S("Drs. Kaharuddin", "Kepala Sekolah", "SMK Negeri 1 Penajam Paser Utara", "Nipah-Nipah", "081250010031", "", 3, 3, "neutral"),
    S("Dr. Yuliana Pakpahan", "Kepala LPPM", "Universitas Balikpapan", "Batu Ampar", "081250010032", "yuliana.p@example.ac.id", 3, 3, "supportive"),
    S("K.H. Muhammad Arsyad", "Ketua Takmir", "Masjid Agung At-Taqwa Balikpapan", "Klandasan Ilir", "081250010033", "", 4, 2, "neutral"),
    S("Pdt. Johannes Sitorus", "Ketua Majelis Jemaat", "GPIB Immanuel Balikpapan", "Prapatan", "081250010034", "", 3, 2, "neutral"),
    S("Rizky Ramadhan", "Ketua Karang Taruna", "Karang Taruna Kelurahan Baru Ulu", "Baru Ulu", "081250010035", "rizky.kt@example.com", 2, 4, "supportive"),
    S("Dimas Saputra", "Sekretaris Karang Taruna", "Karang Taruna Kelurahan Baru Ulu", "Baru Ulu", "081250010036", "", 1, 3, "neutral"),
    S("Fajar Nugroho", "Ketua Karang Taruna", "Karang Taruna Kelurahan Nipah-Nipah", "Nipah-Nipah", "081250010037", "", 2, 3, "neutral"),
    S("Ny. Erna Suryadi", "Ketua TP PKK", "PKK Kelurahan Prapatan", "Prapatan", "081250010038", "", 2, 4, "supportive"),
    S("Daeng Mattola", "Ketua Kelompok Nelayan", "Kelompok Nelayan Lawe-Lawe", "Lawe-Lawe", "081250010039", "", 3, 5, "resistant", key_contact=True),
    S("Samsul Bahri", "Anggota Kelompok Nelayan", "Kelompok Nelayan Lawe-Lawe", "Lawe-Lawe", "081250010040", "", 1, 4, "resistant"),
    S("Rina Marlina Siregar", "Direktur Eksekutif", "Yayasan Peduli Teluk Balikpapan", "Gunung Sari Ulu", "081250010041", "rina@example.org", 4, 5, "resistant", key_contact=True),
    S("Wahyu Hidayat", "Ketua Kelompok Tani", "Kelompok Tani Sepaku Makmur", "Bumi Harapan", "081250010042", "", 1, 4, "supportive"),
    S("Ir. Gunawan Tjahjadi", "Wakil Ketua Bidang UMKM", "Kadin Kota Balikpapan", "Klandasan Ilir", "081250010043", "", 3, 2, "neutral"),
    S("Aulia Rahmah", "Jurnalis", "Tribun Kaltim", "Gunung Samarinda", "081250010044", "aulia.r@example.co.id", 3, 2, "neutral"),
    S("H. Ismail Marzuki", "Ketua RT 21", "", "Margo Mulyo", "081250010045", "", 2, 4, "supportive"),
    S("Yusran Rahim", "Tokoh Masyarakat", "", "Kariangau", "081250010046", "", 2, 3, "neutral"),
    S("Mariani", "Ketua RT 05", "", "Lawe-Lawe", "081250010047", "", 1, 2, "neutral"),
    S("Petrus Kondo", "Tokoh Pemuda", "", "Prapatan", "081250010048", "", 1, 2, "neutral"),
]
# fmt: on
