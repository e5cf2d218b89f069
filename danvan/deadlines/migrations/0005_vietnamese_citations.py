"""The rule table's citations in Vietnamese, as officials read and check them.

The periods are unchanged; only the `source` text of the shipped rows is rewritten (rows an
administrator already changed are left alone)."""

from django.db import migrations

VIETNAMESE = {
    'Law on Citizen Reception Art. 28(1) (product default for written recommendations and feedback)': (
        'Luật Tiếp công dân 42/2013/QH13, Điều 28 khoản 1 (mặc định của phần mềm cho kiến nghị, phản ánh gửi bằng văn bản)'
    ),
    'Law on Citizen Reception Art. 28(1)': (
        'Luật Tiếp công dân 42/2013/QH13, Điều 28 khoản 1'
    ),
    'Law on Citizen Reception Art. 27(2)': (
        'Luật Tiếp công dân 42/2013/QH13, Điều 27 khoản 2'
    ),
    'Law on Complaints Art. 9': (
        'Luật Khiếu nại 02/2011/QH13, Điều 9'
    ),
    'Law on Complaints Art. 27; Circular 07/2013 as amended by 02/2016': (
        'Luật Khiếu nại 02/2011/QH13, Điều 27; Thông tư 07/2013/TT-TTCP, sửa đổi bởi Thông tư 02/2016/TT-TTCP'
    ),
    'Law on Complaints Art. 28': (
        'Luật Khiếu nại 02/2011/QH13, Điều 28'
    ),
    'Law on Complaints Art. 33': (
        'Luật Khiếu nại 02/2011/QH13, Điều 33'
    ),
    'Law on Complaints Art. 36': (
        'Luật Khiếu nại 02/2011/QH13, Điều 36'
    ),
    'Law on Complaints Art. 37': (
        'Luật Khiếu nại 02/2011/QH13, Điều 37'
    ),
    'Law on Denunciations Art. 24(1)': (
        'Luật Tố cáo 25/2018/QH14, Điều 24 khoản 1'
    ),
    'Law on Denunciations Art. 24(2)': (
        'Luật Tố cáo 25/2018/QH14, Điều 24 khoản 2'
    ),
    'Law on Denunciations Art. 29(3)': (
        'Luật Tố cáo 25/2018/QH14, Điều 29 khoản 3'
    ),
    'Law on Denunciations Art. 30': (
        'Luật Tố cáo 25/2018/QH14, Điều 30'
    ),
    'Law on Denunciations Art. 30; Decree 31/2019 Art. 3': (
        'Luật Tố cáo 25/2018/QH14, Điều 30; Nghị định 31/2019/NĐ-CP, Điều 3'
    ),
    'Decree 20/2008 Art. 9': (
        'Nghị định 20/2008/NĐ-CP, Điều 9'
    ),
    'Regulation 11-QĐi/TW (2019)': (
        'Quy định 11-QĐi/TW năm 2019 của Bộ Chính trị'
    ),
}


def translate(apps, schema_editor):
    LegalRule = apps.get_model("deadlines", "LegalRule")
    for english, vietnamese in VIETNAMESE.items():
        LegalRule.objects.filter(source=english).update(source=vietnamese)


def back(apps, schema_editor):
    LegalRule = apps.get_model("deadlines", "LegalRule")
    for english, vietnamese in VIETNAMESE.items():
        LegalRule.objects.filter(source=vietnamese).update(source=english)


class Migration(migrations.Migration):
    dependencies = [("deadlines", "0004_reply_rules")]

    operations = [migrations.RunPython(translate, back)]
