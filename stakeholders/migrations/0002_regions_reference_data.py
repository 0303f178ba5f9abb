from django.db import migrations

# Frozen copy of the reference data as it was when this migration was written: a migration never
# imports live application code. csrplan/tests/test_migrations_frozen.py checks it still equals stakeholders.reference.
PROVINCE = ('64', 'Kalimantan Timur')

REGENCIES = [('64.71',
  'Kota Balikpapan',
  [('64.71.01',
    'Balikpapan Selatan',
    2,
    ['Damai Baru', 'Damai Bahagia', 'Gunung Bahagia', 'Sepinggan', 'Sepinggan Raya', 'Sungai Nangka']),
   ('64.71.02', 'Balikpapan Timur', 3, ['Manggar', 'Manggar Baru', 'Lamaru', 'Teritip']),
   ('64.71.03',
    'Balikpapan Utara',
    2,
    ['Batu Ampar', 'Karang Joang', 'Gunung Samarinda', 'Muara Rapak', 'Graha Indah']),
   ('64.71.04',
    'Balikpapan Tengah',
    2,
    ['Gunung Sari Ilir', 'Gunung Sari Ulu', 'Mekar Sari', 'Karang Rejo', 'Sumber Rejo', 'Karang Jati']),
   ('64.71.05',
    'Balikpapan Barat',
    1,
    ['Baru Ilir', 'Baru Tengah', 'Baru Ulu', 'Margo Mulyo', 'Marga Sari', 'Kariangau']),
   ('64.71.06',
    'Balikpapan Kota',
    1,
    ['Klandasan Ilir', 'Klandasan Ulu', 'Prapatan', 'Telaga Sari', 'Damai'])]),
 ('64.09',
  'Kabupaten Penajam Paser Utara',
  [('64.09.01', 'Babulu', 3, ['Babulu Darat', 'Babulu Laut', 'Sebakung Jaya']),
   ('64.09.02', 'Waru', 2, ['Waru', 'Api-Api', 'Sesulu', 'Bangun Mulya']),
   ('64.09.03',
    'Penajam',
    1,
    ['Penajam', 'Nipah-Nipah', 'Nenang', 'Gunung Seteleng', 'Lawe-Lawe', 'Saloloang', 'Petung']),
   ('64.09.04', 'Sepaku', 3, ['Pemaluan', 'Sepaku', 'Bumi Harapan', 'Tengin Baru'])])]


def add_regions(apps, schema_editor) -> None:
    """Idempotent: creates what is missing. `apps` is a migration's app registry or the global one.

    Existing rows are found by code and left as administrators edited them.
    """
    Region = apps.get_model("stakeholders", "Region")
    province, _ = Region.objects.get_or_create(code=PROVINCE[0], defaults={"name": PROVINCE[1], "level": "province"})
    for regency_code, regency_name, districts in REGENCIES:
        regency, _ = Region.objects.get_or_create(
            code=regency_code, defaults={"name": regency_name, "level": "regency", "parent": province}
        )
        for district_code, district_name, ring, subdistricts in districts:
            district, _ = Region.objects.get_or_create(
                code=district_code,
                defaults={"name": district_name, "level": "district", "parent": regency, "ring": ring},
            )
            for index, name in enumerate(subdistricts, start=1):
                Region.objects.get_or_create(
                    code=f"{district_code}.{1000 + index}",
                    defaults={"name": name, "level": "subdistrict", "parent": district, "ring": ring},
                )


class Migration(migrations.Migration):
    dependencies = [("stakeholders", "0001_initial")]

    operations = [migrations.RunPython(add_regions, migrations.RunPython.noop)]
