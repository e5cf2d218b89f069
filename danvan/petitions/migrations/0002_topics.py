"""The topic taxonomy, held as data with keywords for the suggested topic."""

from django.db import migrations

TOPICS = [
    ("land", "Đất đai", ["dat dai", "dat o", "thua dat", "so do", "giay chung nhan quyen su dung", "ranh gioi", "lan chiem", "tranh chap dat", "cap doi"]),
    ("site_clearance", "Giải phóng mặt bằng, bồi thường, hỗ trợ, tái định cư", ["giai phong mat bang", "boi thuong", "ho tro", "tai dinh cu", "di doi", "thu hoi dat", "kiem dem", "kiem ke", "phuong an boi thuong", "su co moi truong bien", "den bu"]),
    ("environment", "Môi trường", ["moi truong", "o nhiem", "xa thai", "rac thai", "nuoc thai", "khoi bui", "mui hoi", "ca chet", "tieng on"]),
    ("social_policy", "Chính sách xã hội", ["chinh sach", "tro cap", "ho ngheo", "bao hiem xa hoi", "bao hiem y te", "nguoi co cong", "bao tro xa hoi", "luong huu"]),
    ("infrastructure", "Hạ tầng, trật tự đô thị", ["duong", "cong thoat nuoc", "den duong", "ngap", "xay dung trai phep", "lan chiem via he", "trat tu do thi", "cau", "dien", "nuoc sach"]),
    ("administrative_procedures", "Thủ tục hành chính", ["thu tuc hanh chinh", "ho so", "cham tra", "giay to", "chung thuc", "dang ky", "mot cua"]),
    ("officials_conduct", "Cán bộ, công chức; tham nhũng, tiêu cực", ["can bo", "cong chuc", "tham nhung", "tieu cuc", "nhung nhieu", "hoi lo", "lam quyen", "thai do"]),
    ("religion", "Tôn giáo, tín ngưỡng", ["ton giao", "tin nguong", "nha tho", "chua", "giao xu", "le hoi"]),
    ("justice_security", "Tư pháp, an ninh, trật tự", ["an ninh", "trat tu", "trom cap", "danh nhau", "toa an", "thi hanh an", "ma tuy", "co bac"]),
    ("other", "Khác", []),
]

def load(apps, schema_editor):
    Topic = apps.get_model("petitions", "Topic")
    for position, (code, name, keywords) in enumerate(TOPICS):
        Topic.objects.update_or_create(
            code=code,
            defaults={"name": name, "keywords": "\n".join(keywords), "position": position},
        )


def unload(apps, schema_editor):
    apps.get_model("petitions", "Topic").objects.filter(code__in=[t[0] for t in TOPICS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("petitions", "0001_initial"),
        ("deadlines", "0004_reply_rules"),
    ]

    operations = [migrations.RunPython(load, unload)]
