"""Load the default legal deadlines of shared/LEGAL-RULES.md ("Deadlines") into the rule table.

Frozen here on purpose: later edits go through the services and the audit trail.
"""

import datetime as dt

from django.db import migrations

COMPLAINTS = dt.date(2012, 7, 1)  # Law on Complaints 02/2011/QH13 in force
RECEPTION = dt.date(2014, 7, 1)  # Law on Citizen Reception 42/2013/QH13 in force
DENUNCIATIONS = dt.date(2019, 1, 1)  # Law on Denunciations 25/2018/QH14 in force
DECREE_20 = dt.date(2008, 3, 1)  # Decree 20/2008/ND-CP in force
REGULATION_11 = dt.date(2019, 2, 18)  # Regulation 11-QĐi/TW signed

CALENDAR_NOTE = "Luật ghi “ngày”: mặc định tính theo ngày dương lịch."
DENUNCIATION_COMPLEXITY = (
    "“Phức tạp” = có một trong 7 tiêu chí, “đặc biệt phức tạp” = có từ hai tiêu chí trở lên "
    "(Nghị định 31/2019 Điều 3). Mỗi lần gia hạn bằng văn bản."
)


def rule(code, title, step, period, unit, start_event, source, valid_from, **extra):
    row = {
        "code": code,
        "title": title,
        "step": step,
        "period": period,
        "unit": unit,
        "start_event": start_event,
        "source": source,
        "valid_from": valid_from,
        "kind": "",
        "round": None,
        "complex": None,
        "especially_complex": None,
        "remote_area": None,
        "authority": "",
        "extension_period": None,
        "max_extensions": 0,
        "note": "",
    }
    row.update(extra)
    return row


def complaint_resolve(round_, period, complex_, remote, source):
    suffix = (".remote" if remote else "") + (".complex" if complex_ else "")
    variant = []
    if remote:
        variant.append("vùng sâu, vùng xa")
    if complex_:
        variant.append("vụ việc phức tạp")
    title = f"Giải quyết khiếu nại lần {'đầu' if round_ == 1 else 'hai'}"
    if variant:
        title += " (" + ", ".join(variant) + ")"
    return rule(
        f"complaint.resolve.r{round_}{suffix}",
        title,
        "resolve",
        period,
        "days",
        "acceptance",
        source,
        COMPLAINTS,
        kind="complaint",
        round=round_,
        complex=complex_,
        remote_area=remote,
        note=CALENDAR_NOTE,
    )


RULES = [
    rule(
        "reception.reply",
        "Trả lời công dân sau khi tiếp (thụ lý, đang xem xét, từ chối hoặc chuyển đơn)",
        "reply", 10, "working_days", "reception",
        "Law on Citizen Reception Art. 28(1)", RECEPTION,
    ),
    rule(
        "forwarded.report_back",
        "Cơ quan nhận đơn được chuyển đến báo cáo kết quả giải quyết cho nơi chuyển",
        "report_back", 7, "working_days", "resolution",
        "Law on Citizen Reception Art. 27(2)", RECEPTION,
    ),
    rule(
        "complaint.lodge.r1",
        "Thời hiệu khiếu nại (kể từ ngày biết được quyết định, hành vi hành chính)",
        "lodge", 90, "days", "learning_of_decision",
        "Law on Complaints Art. 9", COMPLAINTS,
        kind="complaint", round=1, note=CALENDAR_NOTE,
    ),
    rule(
        "complaint.accept.r1",
        "Thụ lý khiếu nại lần đầu",
        "accept", 10, "working_days", "receipt",
        "Law on Complaints Art. 27; Circular 07/2013 as amended by 02/2016", COMPLAINTS,
        kind="complaint", round=1,
    ),
    complaint_resolve(1, 30, False, False, "Law on Complaints Art. 28"),
    complaint_resolve(1, 45, True, False, "Law on Complaints Art. 28"),
    complaint_resolve(1, 45, False, True, "Law on Complaints Art. 28"),
    complaint_resolve(1, 60, True, True, "Law on Complaints Art. 28"),
    rule(
        "complaint.lodge.r2",
        "Thời hạn khiếu nại lần hai (kể từ ngày nhận quyết định giải quyết lần đầu)",
        "lodge", 30, "days", "decision",
        "Law on Complaints Art. 33", COMPLAINTS,
        kind="complaint", round=2, remote_area=False, note=CALENDAR_NOTE,
    ),
    rule(
        "complaint.lodge.r2.remote",
        "Thời hạn khiếu nại lần hai, vùng sâu, vùng xa",
        "lodge", 45, "days", "decision",
        "Law on Complaints Art. 33", COMPLAINTS,
        kind="complaint", round=2, remote_area=True, note=CALENDAR_NOTE,
    ),
    rule(
        "complaint.accept.r2",
        "Thụ lý khiếu nại lần hai",
        "accept", 10, "days", "receipt",
        "Law on Complaints Art. 36", COMPLAINTS,
        kind="complaint", round=2, note=CALENDAR_NOTE,
    ),
    complaint_resolve(2, 45, False, False, "Law on Complaints Art. 37"),
    complaint_resolve(2, 60, True, False, "Law on Complaints Art. 37"),
    complaint_resolve(2, 60, False, True, "Law on Complaints Art. 37"),
    complaint_resolve(2, 70, True, True, "Law on Complaints Art. 37"),
    rule(
        "denunciation.classify",
        "Vào sổ, phân loại, kiểm tra thông tin tố cáo",
        "classify", 7, "working_days", "receipt",
        "Law on Denunciations Art. 24(1)", DENUNCIATIONS,
        kind="denunciation", extension_period=3, max_extensions=1,
        note="Trường hợp phải kiểm tra, xác minh tại nhiều địa điểm: kéo dài đến 10 ngày làm việc.",
    ),
    rule(
        "denunciation.forward",
        "Chuyển tố cáo không thuộc thẩm quyền",
        "forward", 5, "working_days", "receipt",
        "Law on Denunciations Art. 24(2)", DENUNCIATIONS,
        kind="denunciation",
    ),
    rule(
        "denunciation.notify",
        "Thông báo cho người tố cáo và người bị tố cáo sau khi thụ lý",
        "notify", 5, "working_days", "acceptance",
        "Law on Denunciations Art. 29(3)", DENUNCIATIONS,
        kind="denunciation",
    ),
    rule(
        "denunciation.resolve",
        "Giải quyết tố cáo",
        "resolve", 30, "days", "acceptance",
        "Law on Denunciations Art. 30", DENUNCIATIONS,
        kind="denunciation", complex=False, especially_complex=False,
        note=CALENDAR_NOTE + " Vụ việc không phức tạp không được gia hạn.",
    ),
    rule(
        "denunciation.resolve.complex",
        "Giải quyết tố cáo, vụ việc phức tạp (gia hạn một lần)",
        "resolve", 30, "days", "acceptance",
        "Law on Denunciations Art. 30; Decree 31/2019 Art. 3", DENUNCIATIONS,
        kind="denunciation", complex=True, especially_complex=False,
        extension_period=30, max_extensions=1,
        note=CALENDAR_NOTE + " " + DENUNCIATION_COMPLEXITY,
    ),
    rule(
        "denunciation.resolve.especially_complex",
        "Giải quyết tố cáo, vụ việc đặc biệt phức tạp (gia hạn hai lần)",
        "resolve", 30, "days", "acceptance",
        "Law on Denunciations Art. 30; Decree 31/2019 Art. 3", DENUNCIATIONS,
        kind="denunciation", complex=True, especially_complex=True,
        extension_period=30, max_extensions=2,
        note=CALENDAR_NOTE + " " + DENUNCIATION_COMPLEXITY,
    ),
    rule(
        "feedback.forward",
        "Chuyển phản ánh về quy định hành chính không thuộc thẩm quyền",
        "forward", 5, "working_days", "receipt",
        "Decree 20/2008 Art. 9", DECREE_20,
        kind="feedback",
    ),
    rule(
        "recommendation.forward",
        "Chuyển kiến nghị về quy định hành chính không thuộc thẩm quyền",
        "forward", 5, "working_days", "receipt",
        "Decree 20/2008 Art. 9", DECREE_20,
        kind="recommendation",
    ),
    rule(
        "party_secretary.reply",
        "Bí thư cấp ủy cấp xã trả lời đơn nhận được khi tiếp công dân",
        "reply", 10, "working_days", "reception",
        "Regulation 11-QĐi/TW (2019)", REGULATION_11,
        authority="party_secretary",
    ),
]


def forward(apps, schema_editor):
    LegalRule = apps.get_model("deadlines", "LegalRule")
    for row in RULES:
        values = dict(row)
        LegalRule.objects.update_or_create(code=values.pop("code"), defaults=values)


def backward(apps, schema_editor):
    LegalRule = apps.get_model("deadlines", "LegalRule")
    LegalRule.objects.filter(code__in=[row["code"] for row in RULES]).delete()


class Migration(migrations.Migration):
    dependencies = [("deadlines", "0002_calendar_2026_swap")]

    operations = [migrations.RunPython(forward, backward)]
