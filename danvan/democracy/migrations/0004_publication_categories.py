"""The kinds of information a commune must publish (Law 10/2022/QH15, Art. 11), summarised;
the law's own wording is in its Art. 11 (the last item covers what other laws, higher
authorities or the commune itself require to be published)."""

from __future__ import annotations

from django.db import migrations

ARTICLE = "khoản {n} Điều 11 Luật 10/2022/QH15"
CATEGORIES = [
    ("policies", "Chủ trương, chính sách, pháp luật liên quan trực tiếp đến người dân ở cơ sở"),
    ("socio-economic-plan", "Kế hoạch phát triển kinh tế - xã hội hằng năm của cấp xã"),
    ("land-use", "Quy hoạch, kế hoạch sử dụng đất; bồi thường, hỗ trợ, tái định cư"),
    ("budget", "Dự toán, quyết toán ngân sách cấp xã"),
    ("investments", "Chương trình, dự án, công trình đầu tư trên địa bàn"),
    ("administrative-procedures", "Thủ tục hành chính, quy trình giải quyết công việc"),
    ("contributions", "Các khoản thu, đóng góp của người dân"),
    ("funds-and-aid", "Quản lý, sử dụng các khoản hỗ trợ, viện trợ, quỹ"),
    ("social-policies", "Chính sách xã hội, danh sách đối tượng được hưởng"),
    ("inspections-and-complaints", "Kết quả thanh tra, kiểm tra, giải quyết khiếu nại, tố cáo"),
    ("consultation-results", "Kết quả lấy ý kiến nhân dân"),
    ("administrative-boundaries", "Thành lập, nhập, chia, điều chỉnh địa giới đơn vị hành chính"),
    ("officials", "Việc thực hiện nhiệm vụ, tiêu chuẩn cán bộ, công chức cấp xã"),
    ("other", "Nội dung khác theo quy định của pháp luật hoặc yêu cầu của cơ quan có thẩm quyền"),
]


def forwards(apps, schema_editor):
    Category = apps.get_model("democracy", "PublicationCategory")
    for position, (code, name) in enumerate(CATEGORIES, start=1):
        Category.objects.update_or_create(
            code=code,
            defaults={"position": position, "name": name, "citation": ARTICLE.format(n=position)},
        )


def backwards(apps, schema_editor):
    Category = apps.get_model("democracy", "PublicationCategory")
    Category.objects.filter(publications__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("democracy", "0003_publications")]
    operations = [migrations.RunPython(forwards, backwards)]
