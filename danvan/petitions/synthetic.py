"""Synthetic petitions for benchmarks: a province's archive of many years, written in bulk.

`seed_synthetic` fills the case file the way the registration and transition services do —
register numbers per organisation and year (with the counter row advanced past them), tracking
codes, the folded `search_text` (without a denouncer's identity), the SimHash fingerprint
bands, the suggested topic, petitioners with their `name_key`, forwardings, open pauses,
assignments and one deadline row per legal step counted by the working-day calendar of the
rule table — so that lists, the backlog board, search, the duplicate check and the overdue
filter work on it exactly as on petitions registered one by one. It does not go through the
services row by row: that would take hours for a million petitions.

Only organisations whose code starts with `syn-` receive synthetic petitions: one People's
Committee per current commune of the province (`syn-<commune code>-ubnd`) and one for the
province (`syn-<province code>-ubnd`), created when missing through the organisation service.
`clear_synthetic` deletes the petitions of those organisations and nothing else.

Audit trail: one summary event (`petitions.seed_synthetic`, with the number of petitions and
the seed) records the seeding, not one event per petition and transition. The rows are
benchmark data made up by a program, not records of acts of officers or citizens; an event per
row would be a million false statements of who did what, and would itself dominate the cost.

Determinism: the same seed, start year, province and today's date give the same petitions
(kinds, channels, topics, dates, states, texts, people, numbers), whatever the batch size.
Public ids and tracking codes stay random (they must not be guessable, and must not collide
with an earlier run).
"""

from __future__ import annotations

import bisect
import contextlib
import datetime as dt
import functools
import hashlib
import itertools
import json
import math
import operator
import os
import queue
import random
import threading
import time
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from django.db import connection, transaction
from django.db.models import SET_NULL, Max, Model
from django.db.models.base import ModelState
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.accounts.models import User
from danvan.accounts.services import user_create
from danvan.audit.services import audit_record
from danvan.core.errors import ValidationFailed
from danvan.core.models import PUBLIC_ID_ALPHABET
from danvan.core.text import fold
from danvan.deadlines.computation import Pause as ClockPause
from danvan.deadlines.computation import compute_due_date
from danvan.deadlines.models import LegalRule
from danvan.deadlines.selectors import rule_for
from danvan.organizations.models import Membership, Organization
from danvan.organizations.services import membership_add, organization_create
from danvan.petitions import duplicates
from danvan.petitions.deadlines import CLOSING_STATUSES, applicable_steps
from danvan.petitions.models import (
    Assignment,
    Forwarding,
    Kind,
    Pause,
    Petition,
    PetitionDeadline,
    Petitioner,
    RegisterCounter,
    Status,
    Topic,
)
from danvan.places.models import AdminUnit

SYNTHETIC_PREFIX = "syn-"
MAX_PETITIONS = 5_000_000
MIN_BATCH, MAX_BATCH = 100, 50_000
DEFAULT_BATCH = 10_000
DEFAULT_PROVINCE = "42"  # Hà Tĩnh
DEFAULT_START_YEAR = 2019
MAX_OFFICERS = 20
AUDIT_ACTION = "petitions.seed_synthetic"
SQLITE_CACHE_KIB = 128 * 1024

# ---------------------------------------------------------------- distributions
# What a provincial archive looks like: recommendations and feedback (mostly from voter
# meetings and reception) dominate; complaints are a fifth; denunciations are few.
KIND_WEIGHTS: dict[str, int] = {
    Kind.RECOMMENDATION: 38,
    Kind.FEEDBACK: 33,
    Kind.COMPLAINT: 20,
    Kind.DENUNCIATION: 7,
    Kind.MIXED: 2,
}
CHANNEL_WEIGHTS: dict[str, dict[str, int]] = {
    Kind.RECOMMENDATION: {
        "voter_meeting": 26,
        "in_person": 18,
        "post": 12,
        "web": 14,
        "email": 5,
        "phone": 7,
        "dialogue": 8,
        "forwarded": 10,
    },
    Kind.FEEDBACK: {
        "voter_meeting": 14,
        "in_person": 18,
        "post": 10,
        "web": 22,
        "email": 8,
        "phone": 14,
        "dialogue": 4,
        "forwarded": 10,
    },
    Kind.COMPLAINT: {"in_person": 35, "post": 35, "web": 8, "email": 4, "forwarded": 18},
    Kind.DENUNCIATION: {"in_person": 25, "post": 45, "web": 6, "email": 4, "forwarded": 20},
    Kind.MIXED: {"in_person": 40, "post": 40, "voter_meeting": 10, "forwarded": 10},
}
TOPIC_WEIGHTS: dict[str, dict[str, int]] = {
    "default": {
        "land": 26,
        "site_clearance": 12,
        "environment": 10,
        "social_policy": 14,
        "infrastructure": 15,
        "administrative_procedures": 8,
        "officials_conduct": 5,
        "religion": 1,
        "justice_security": 5,
        "other": 4,
    },
    Kind.DENUNCIATION: {
        "land": 30,
        "site_clearance": 10,
        "environment": 8,
        "social_policy": 8,
        "officials_conduct": 34,
        "justice_security": 8,
        "other": 2,
    },
}

# ---------------------------------------------------------------- phrase pools
SURNAMES = [
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Võ", "Đặng", "Bùi", "Hồ", "Ngô", "Dương",
    "Phan", "Đỗ", "Đinh", "Trương", "Lương", "Thái", "Hà", "Chu", "Tôn",
]  # fmt: skip
MIDDLE_MALE = ["Văn", "Đình", "Xuân", "Hữu", "Quang", "Minh", "Đức", "Công", "Trọng", "Viết"]
MIDDLE_FEMALE = ["Thị", "Thu", "Ngọc", "Thanh", "Hồng", "Kim", "Thị Thu", "Thị Minh"]
GIVEN_MALE = [
    "An", "Bình", "Cường", "Dũng", "Hải", "Hùng", "Long", "Nam", "Phúc", "Sơn", "Thành",
    "Trung", "Tuấn", "Hiếu", "Khánh", "Lâm", "Quý", "Tài", "Vinh", "Hòa", "Lợi", "Thắng",
]  # fmt: skip
GIVEN_FEMALE = [
    "Dung", "Hà", "Lan", "Mai", "Nga", "Tâm", "Thảo", "Yến", "Hương", "Hoa", "Liên", "Loan",
    "Nhung", "Oanh", "Phương", "Quyên", "Thủy", "Trang", "Vân", "Xuân",
]  # fmt: skip
HAMLET_NAMES = [
    "Đông", "Tây", "Nam", "Bắc", "Trung", "Tân Hà", "Hòa Bình", "Thắng Lợi", "Quyết Tiến",
    "Hưng Phú", "Xuân Tiến", "Bắc Sơn", "Nam Sơn", "Tân Tiến", "Đồng Tâm", "Liên Hòa",
    "Minh Khai", "Trung Hòa", "Phú Lợi", "Bình Minh",
]  # fmt: skip
ROADS = [
    "đường liên thôn", "đường trục xã", "đường giao thông nội đồng", "tỉnh lộ 8",
    "quốc lộ 1A đoạn qua địa bàn", "đường ven biển", "đường vào khu tái định cư",
]  # fmt: skip
OFFICIAL_ROLES = [
    "cán bộ địa chính", "trưởng thôn", "cán bộ tư pháp", "phó chủ tịch UBND xã",
    "kế toán xã", "cán bộ lao động - thương binh và xã hội", "công an viên",
]  # fmt: skip
PROJECTS = [
    "dự án khu kinh tế Vũng Áng", "dự án mở rộng quốc lộ 1A", "dự án đường ven biển",
    "dự án khu tái định cư", "dự án hồ chứa nước", "dự án nhà máy nhiệt điện",
    "dự án khu đô thị mới", "dự án cụm công nghiệp",
]  # fmt: skip
FACILITIES = [
    "xưởng chế biến hải sản", "trại chăn nuôi lợn", "cơ sở sản xuất gạch", "bãi tập kết cát",
    "nhà máy chế biến gỗ", "cơ sở giết mổ gia súc", "xưởng cơ khí",
]  # fmt: skip

# Per topic: (subject for the title, sentences of the matter). Slots: {n} a number, {m} a
# second number, {area} an area in m², {money} an amount, {year} a past year, {hamlet},
# {person} a name, {role} an official's role, {road}, {project}, {facility}.
MATTERS: dict[str, list[tuple[str, list[str]]]] = {
    "land": [
        (
            "cấp giấy chứng nhận quyền sử dụng đất thửa số {n}",
            [
                "Gia đình tôi sử dụng ổn định thửa đất số {n}, tờ bản đồ số {m}, diện tích "
                "{area} m² từ năm {year}, không có tranh chấp.",
                "Đã nộp hồ sơ đề nghị cấp giấy chứng nhận quyền sử dụng đất từ lâu nhưng đến "
                "nay chưa được giải quyết, không được thông báo lý do.",
            ],
        ),
        (
            "tranh chấp ranh giới thửa đất tại {hamlet}",
            [
                "Hộ ông {person} ở liền kề đã xây tường rào lấn sang thửa đất số {n} của gia "
                "đình tôi khoảng {m} m².",
                "Thôn đã hòa giải nhưng không thành, ranh giới trên bản đồ địa chính không khớp "
                "với thực tế sử dụng.",
            ],
        ),
        (
            "đo đạc, chỉnh lý biến động đất đai thửa số {n}",
            [
                "Kết quả đo đạc lại thửa đất số {n} chênh lệch {m} m² so với giấy chứng nhận "
                "được cấp năm {year}.",
                "Đề nghị kiểm tra lại hồ sơ địa chính và chỉnh lý cho đúng hiện trạng.",
            ],
        ),
        (
            "lấn chiếm đất công tại {hamlet}",
            [
                "Một số hộ dân đã lấn chiếm khoảng {area} m² đất công cạnh {road} để dựng "
                "quán, làm chuồng trại.",
                "Việc lấn chiếm kéo dài từ năm {year} nhưng chính quyền chưa xử lý dứt điểm.",
            ],
        ),
        (
            "chuyển mục đích sử dụng đất vườn sang đất ở",
            [
                "Gia đình tôi có {area} m² đất vườn liền kề đất ở, đã nộp hồ sơ chuyển mục đích "
                "sử dụng từ tháng {month} năm {year}.",
                "Đề nghị hướng dẫn thủ tục và cho biết mức tiền sử dụng đất phải nộp.",
            ],
        ),
        (
            "thu hồi đất nông nghiệp thửa số {n}",
            [
                "Thửa đất nông nghiệp số {n} của gia đình tôi, diện tích {area} m², bị thu hồi "
                "nhưng quyết định thu hồi không ghi rõ căn cứ.",
                "Gia đình chưa được thông báo trước theo quy định của Luật Đất đai.",
            ],
        ),
    ],
    "site_clearance": [
        (
            "bồi thường khi thu hồi đất thực hiện {project}",
            [
                "Khi thực hiện {project}, gia đình tôi bị thu hồi {area} m² đất nhưng đơn giá "
                "bồi thường thấp hơn giá thị trường.",
                "Phương án bồi thường được phê duyệt năm {year} chưa tính đến {n} cây lâu năm "
                "và công trình phụ trên đất.",
            ],
        ),
        (
            "bố trí tái định cư cho hộ bị thu hồi đất ở",
            [
                "Gia đình tôi bị thu hồi toàn bộ đất ở để thực hiện {project} nhưng đã {n} "
                "tháng chưa được bố trí lô đất tái định cư.",
                "Tiền hỗ trợ thuê nhà tạm cư chỉ được chi trả đến tháng {month} năm {year}.",
            ],
        ),
        (
            "kiểm đếm tài sản trên đất bị thu hồi",
            [
                "Biên bản kiểm đếm bỏ sót {n} m² nhà tạm và giếng nước của gia đình tôi.",
                "Đề nghị kiểm đếm lại và bổ sung vào phương án bồi thường, hỗ trợ.",
            ],
        ),
        (
            "hỗ trợ chuyển đổi nghề nghiệp sau thu hồi đất",
            [
                "Sau khi bị thu hồi {area} m² đất sản xuất cho {project}, gia đình tôi không "
                "còn đất canh tác.",
                "Đề nghị xem xét hỗ trợ đào tạo nghề, tìm kiếm việc làm cho {n} lao động.",
            ],
        ),
        (
            "chậm chi trả tiền bồi thường giải phóng mặt bằng",
            [
                "Phương án bồi thường đã được phê duyệt từ năm {year} với số tiền {money} đồng "
                "nhưng đến nay chưa được chi trả đủ.",
                "Đề nghị làm rõ trách nhiệm của hội đồng bồi thường và chi trả dứt điểm.",
            ],
        ),
    ],
    "environment": [
        (
            "ô nhiễm từ {facility} tại {hamlet}",
            [
                "{facility} hoạt động gây mùi hôi, nước thải chảy ra mương tưới tiêu của "
                "khoảng {n} hộ dân.",
                "Người dân đã phản ánh nhiều lần từ năm {year} nhưng tình trạng chưa được khắc "
                "phục.",
            ],
        ),
        (
            "thu gom rác thải sinh hoạt tại {hamlet}",
            [
                "Rác thải sinh hoạt không được thu gom thường xuyên, tồn đọng ở {n} điểm dọc "
                "{road}.",
                "Đề nghị bố trí thêm điểm tập kết và tăng tần suất thu gom lên {m} lần mỗi tuần.",
            ],
        ),
        (
            "khói bụi, tiếng ồn từ xe chở vật liệu",
            [
                "Xe tải chở cát, đá qua {road} gây bụi và tiếng ồn cả ban đêm, ảnh hưởng đến "
                "sinh hoạt của {n} hộ dân.",
                "Đề nghị yêu cầu che chắn thùng xe và hạn chế giờ hoạt động.",
            ],
        ),
        (
            "cá chết hàng loạt tại ao nuôi ven biển",
            [
                "Khoảng {n} ao nuôi của người dân {hamlet} bị cá chết hàng loạt, nghi do nước "
                "thải công nghiệp.",
                "Đề nghị lấy mẫu quan trắc môi trường và công bố kết quả.",
            ],
        ),
    ],
    "social_policy": [
        (
            "trợ cấp người có công với cách mạng",
            [
                "Bố tôi là {person}, tham gia kháng chiến, đã nộp hồ sơ hưởng chế độ từ năm "
                "{year} nhưng chưa được giải quyết.",
                "Đề nghị kiểm tra hồ sơ và giải quyết chế độ trợ cấp theo quy định.",
            ],
        ),
        (
            "bình xét hộ nghèo, hộ cận nghèo năm {year}",
            [
                "Việc bình xét hộ nghèo tại {hamlet} năm {year} không công khai, có {n} hộ "
                "khó khăn nhưng không được đưa vào danh sách.",
                "Đề nghị rà soát lại danh sách theo đúng tiêu chí.",
            ],
        ),
        (
            "cấp thẻ bảo hiểm y tế cho người cao tuổi",
            [
                "Mẹ tôi năm nay {n} tuổi nhưng chưa được cấp thẻ bảo hiểm y tế theo chế độ bảo "
                "trợ xã hội.",
                "Đề nghị hướng dẫn hồ sơ và giải quyết sớm.",
            ],
        ),
        (
            "chi trả lương hưu, trợ cấp bảo hiểm xã hội",
            [
                "Tôi nghỉ hưu từ tháng {month} năm {year} nhưng mức lương hưu được tính thấp hơn "
                "so với thời gian đóng bảo hiểm xã hội {n} năm.",
                "Đề nghị cơ quan bảo hiểm xã hội kiểm tra, tính lại.",
            ],
        ),
        (
            "hỗ trợ nhà ở cho hộ khó khăn",
            [
                "Gia đình tôi thuộc hộ nghèo, nhà ở xuống cấp sau cơn bão năm {year}.",
                "Đề nghị xem xét hỗ trợ làm nhà theo chương trình của tỉnh, khoảng {money} đồng.",
            ],
        ),
    ],
    "infrastructure": [
        (
            "sửa chữa {road} tại {hamlet}",
            [
                "Đoạn {road} dài khoảng {n} m bị xuống cấp, nhiều ổ gà, mùa mưa ngập nước, đi "
                "lại nguy hiểm.",
                "Đề nghị đưa vào kế hoạch sửa chữa năm {year}.",
            ],
        ),
        (
            "lắp đặt đèn chiếu sáng công cộng",
            [
                "Tuyến {road} qua {hamlet} chưa có đèn chiếu sáng, đã xảy ra {n} vụ tai nạn.",
                "Đề nghị lắp đặt {m} cột đèn chiếu sáng.",
            ],
        ),
        (
            "ngập úng do cống thoát nước bị tắc",
            [
                "Cống thoát nước dọc {road} bị bồi lấp, mỗi khi mưa lớn khoảng {n} hộ dân bị ngập.",
                "Đề nghị nạo vét và mở rộng cống thoát nước.",
            ],
        ),
        (
            "cấp nước sạch cho {hamlet}",
            [
                "Khoảng {n} hộ dân {hamlet} chưa được dùng nước sạch, nước giếng nhiễm phèn.",
                "Đề nghị kéo dài tuyến ống cấp nước thêm {m} m.",
            ],
        ),
        (
            "xây dựng trái phép lấn chiếm hành lang giao thông",
            [
                "Hộ ông {person} xây dựng công trình lấn chiếm hành lang {road} khoảng {n} m².",
                "Đề nghị kiểm tra, xử lý theo quy định về trật tự xây dựng.",
            ],
        ),
    ],
    "administrative_procedures": [
        (
            "chậm giải quyết hồ sơ tại bộ phận một cửa",
            [
                "Tôi nộp hồ sơ tại bộ phận một cửa ngày {day} tháng {month} năm {year}, đã quá hạn "
                "nhưng chưa có kết quả.",
                "Đề nghị kiểm tra, giải quyết và thông báo lý do chậm trễ.",
            ],
        ),
        (
            "yêu cầu bổ sung giấy tờ không đúng quy định",
            [
                "Khi làm thủ tục chứng thực, cán bộ yêu cầu nộp thêm {n} loại giấy tờ không có "
                "trong quy định.",
                "Đề nghị công khai thành phần hồ sơ và thời hạn giải quyết.",
            ],
        ),
        (
            "đăng ký hộ tịch, cấp bản sao trích lục",
            [
                "Gia đình tôi đề nghị đăng ký lại khai sinh cho con sinh năm {year} nhưng bị "
                "từ chối.",
                "Đề nghị hướng dẫn thủ tục cụ thể.",
            ],
        ),
    ],
    "officials_conduct": [
        (
            "{role} có thái độ hách dịch, nhũng nhiễu",
            [
                "Ông {person}, {role}, nhiều lần gây khó khăn khi người dân đến làm thủ tục, "
                "đòi nộp thêm {money} đồng ngoài quy định.",
                "Việc này xảy ra từ năm {year}, có {n} hộ dân cùng chứng kiến.",
            ],
        ),
        (
            "sai phạm trong quản lý quỹ của thôn",
            [
                "Ông {person}, {role}, thu tiền đóng góp xây dựng của {n} hộ nhưng không công "
                "khai thu chi.",
                "Số tiền khoảng {money} đồng không rõ được sử dụng vào việc gì.",
            ],
        ),
        (
            "lợi dụng chức vụ trong giao đất, cho thuê đất",
            [
                "Ông {person}, {role}, đã giao {area} m² đất công cho người thân không qua đấu "
                "giá.",
                "Đề nghị thanh tra, làm rõ và xử lý nghiêm.",
            ],
        ),
    ],
    "religion": [
        (
            "tổ chức lễ hội truyền thống tại {hamlet}",
            [
                "Nhân dân {hamlet} đề nghị được tổ chức lễ hội cầu ngư vào tháng {month} âm lịch "
                "hằng năm.",
                "Đề nghị hướng dẫn thủ tục đăng ký và bảo đảm an ninh trật tự.",
            ],
        ),
        (
            "đất cơ sở tín ngưỡng",
            [
                "Khuôn viên nhà thờ họ tại {hamlet}, diện tích {area} m², chưa được cấp giấy "
                "chứng nhận.",
                "Đề nghị xem xét công nhận quyền sử dụng đất cho cơ sở tín ngưỡng.",
            ],
        ),
    ],
    "justice_security": [
        (
            "trộm cắp tài sản tại {hamlet}",
            [
                "Thời gian gần đây tại {hamlet} xảy ra {n} vụ trộm cắp xe máy, gia súc.",
                "Đề nghị tăng cường tuần tra, bảo đảm an ninh trật tự.",
            ],
        ),
        (
            "chậm thi hành bản án dân sự",
            [
                "Bản án dân sự năm {year} đã có hiệu lực nhưng đến nay chưa được thi hành, số "
                "tiền {money} đồng.",
                "Đề nghị cơ quan thi hành án tổ chức thi hành.",
            ],
        ),
        (
            "tụ tập cờ bạc, gây mất trật tự",
            [
                "Một nhóm thanh niên thường tụ tập cờ bạc tại khu vực {road}, gây mất trật tự.",
                "Đề nghị công an xã kiểm tra, xử lý.",
            ],
        ),
    ],
    "other": [
        (
            "chế độ đối với cán bộ không chuyên trách",
            [
                "Sau khi sắp xếp đơn vị hành chính, {n} cán bộ không chuyên trách ở thôn chưa "
                "được giải quyết chế độ.",
                "Đề nghị sớm ban hành hướng dẫn.",
            ],
        ),
        (
            "hỗ trợ ngư dân khai thác hải sản xa bờ",
            [
                "Ngư dân {hamlet} có {n} tàu công suất nhỏ, đề nghị được hỗ trợ vay vốn đóng "
                "mới tàu.",
                "Mức vay đề nghị khoảng {money} đồng mỗi tàu.",
            ],
        ),
    ],
}
# What a denunciation reports: an official's or someone's wrongdoing, per topic (officials'
# conduct uses MATTERS, written that way already).
DENUNCIATION_MATTERS: dict[str, list[tuple[str, list[str]]]] = {
    "land": [
        (
            "{role} cấp giấy chứng nhận quyền sử dụng đất sai đối tượng",
            [
                "Ông {person}, {role}, đã lập hồ sơ cấp giấy chứng nhận cho thửa đất số {n} "
                "diện tích {area} m² là đất công do thôn quản lý.",
                "Việc làm này gây thiệt hại cho tập thể, người dân {hamlet} đều biết.",
            ],
        ),
        (
            "việc giao đất trái thẩm quyền tại {hamlet}",
            [
                "Năm {year}, {role} ông {person} đã tự ý giao {n} lô đất ven {road} và thu "
                "tiền {money} đồng mà không nộp ngân sách.",
                "Đề nghị thanh tra làm rõ và xử lý theo quy định.",
            ],
        ),
    ],
    "site_clearance": [
        (
            "việc lập hồ sơ khống để nhận tiền bồi thường {project}",
            [
                "Khi thực hiện {project}, một số hộ có quan hệ với {role} ông {person} được "
                "kê khai thêm {n} cây lâu năm và {area} m² công trình không có thực.",
                "Tổng số tiền bồi thường sai khoảng {money} đồng.",
            ],
        ),
    ],
    "environment": [
        (
            "việc bao che cho {facility} xả thải",
            [
                "{facility} tại {hamlet} xả nước thải chưa xử lý ra môi trường từ năm {year}; "
                "ông {person}, {role}, biết nhưng không xử lý.",
                "Đề nghị kiểm tra, làm rõ trách nhiệm.",
            ],
        ),
    ],
    "social_policy": [
        (
            "việc lập danh sách hộ nghèo sai đối tượng",
            [
                "Ông {person}, {role}, đưa {n} hộ là người thân vào danh sách hộ nghèo năm "
                "{year} để hưởng chính sách.",
                "Trong khi nhiều hộ khó khăn ở {hamlet} không được xét.",
            ],
        ),
        (
            "việc chiếm dụng tiền trợ cấp của người có công",
            [
                "Kế toán xã giữ lại tiền trợ cấp của {n} người có công trong {month} tháng, "
                "tổng số tiền khoảng {money} đồng.",
                "Đề nghị làm rõ và trả lại tiền cho người dân.",
            ],
        ),
    ],
    "justice_security": [
        (
            "việc bao che hoạt động cờ bạc tại {hamlet}",
            [
                "Công an viên ông {person} nhận tiền của các đối tượng tổ chức cờ bạc tại "
                "khu vực {road} và không xử lý.",
                "Việc này diễn ra nhiều lần từ năm {year}.",
            ],
        ),
    ],
}
OPENINGS: dict[str, str] = {
    Kind.COMPLAINT: "Tôi là {petitioner}, trú tại {address}. Tôi làm đơn này khiếu nại về việc "
    "{subject}.",
    Kind.DENUNCIATION: "Tôi làm đơn này tố cáo hành vi sai phạm liên quan đến {subject}.",
    Kind.RECOMMENDATION: "Cử tri {hamlet}, {commune} kiến nghị về việc {subject}.",
    Kind.FEEDBACK: "Người dân {hamlet}, {commune} phản ánh về việc {subject}.",
    Kind.MIXED: "Tôi là {petitioner}, trú tại {address}, có đơn kiến nghị và khiếu nại về việc "
    "{subject}.",
}
REQUESTS = [
    "Kính đề nghị {org} xem xét, giải quyết dứt điểm để người dân yên tâm.",
    "Đề nghị {org} kiểm tra thực tế và trả lời bằng văn bản.",
    "Kính mong {org} quan tâm chỉ đạo giải quyết sớm.",
    "Đề nghị {org} làm rõ trách nhiệm và có biện pháp khắc phục.",
    "Rất mong nhận được sự quan tâm, trả lời của {org}.",
]
TITLE_PREFIX: dict[str, str] = {
    Kind.COMPLAINT: "Khiếu nại về việc",
    Kind.DENUNCIATION: "Tố cáo",
    Kind.RECOMMENDATION: "Kiến nghị về việc",
    Kind.FEEDBACK: "Phản ánh về việc",
    Kind.MIXED: "Đơn kiến nghị, khiếu nại về việc",
}
OUTCOME_SUMMARIES = {
    "upheld": "Khiếu nại đúng; đã hủy quyết định và chỉ đạo giải quyết lại.",
    "partly_upheld": "Khiếu nại đúng một phần; đã điều chỉnh phương án.",
    "rejected": "Khiếu nại sai; giữ nguyên quyết định hành chính.",
    "withdrawn": "Người gửi đơn rút đơn.",
    "answered": "Đã kiểm tra thực tế, tiếp thu và chỉ đạo xử lý.",
    "substantiated": "Tố cáo đúng; đã kiến nghị xử lý kỷ luật.",
    "partly_substantiated": "Tố cáo đúng một phần; đã chấn chỉnh.",
    "unsubstantiated": "Tố cáo sai; đã thông báo kết luận.",
}
OUTCOME_WEIGHTS: dict[str, dict[str, int]] = {
    Kind.COMPLAINT: {"upheld": 12, "partly_upheld": 18, "rejected": 62, "withdrawn": 8},
    Kind.DENUNCIATION: {
        "substantiated": 15,
        "partly_substantiated": 25,
        "unsubstantiated": 52,
        "withdrawn": 8,
    },
    Kind.RECOMMENDATION: {"answered": 97, "withdrawn": 3},
    Kind.FEEDBACK: {"answered": 97, "withdrawn": 3},
}
RETURN_REASONS = ["unsigned", "out_of_time", "not_directly_affected", "before_court"]


# ---------------------------------------------------------------- options, result


@dataclass(frozen=True)
class SeedOptions:
    petitions: int
    seed: int = 1
    batch_size: int = DEFAULT_BATCH
    start_year: int = DEFAULT_START_YEAR
    province: str = DEFAULT_PROVINCE
    officers: int = 1
    today: dt.date | None = None


@dataclass
class SeedResult:
    created: int = 0
    by_kind: Counter[str] = field(default_factory=Counter)
    by_status: Counter[str] = field(default_factory=Counter)
    overdue: int = 0
    organizations_created: int = 0
    officers_created: int = 0
    seconds: float = 0.0


Progress = Callable[[int, int, float], None]


def validate(options: SeedOptions) -> AdminUnit:
    """Check the options before anything is written; the province's unit when they are fine."""
    today = options.today or timezone.localdate()
    if not 1 <= options.petitions <= MAX_PETITIONS:
        raise ValidationFailed(
            _("Số đơn phải từ 1 đến %(max)s.") % {"max": f"{MAX_PETITIONS:,}".replace(",", ".")},
            code="invalid_petitions",
            field="petitions",
        )
    if not MIN_BATCH <= options.batch_size <= MAX_BATCH:
        raise ValidationFailed(
            _("Cỡ lô phải từ %(min)d đến %(max)d.") % {"min": MIN_BATCH, "max": MAX_BATCH},
            code="invalid_batch_size",
            field="batch_size",
        )
    if not 2000 <= options.start_year <= today.year:
        raise ValidationFailed(
            _("Năm bắt đầu phải từ 2000 đến %(year)d.") % {"year": today.year},
            code="invalid_start_year",
            field="start_year",
        )
    if not 0 <= options.officers <= MAX_OFFICERS:
        raise ValidationFailed(
            _("Số cán bộ mỗi cơ quan phải từ 0 đến %(max)d.") % {"max": MAX_OFFICERS},
            code="invalid_officers",
            field="officers",
        )
    province = (
        AdminUnit.objects.current()
        .filter(level=AdminUnit.Level.PROVINCE, code=options.province)
        .first()
    )
    if province is None:
        raise ValidationFailed(
            _(
                "Không có tỉnh, thành phố mã “%(code)s”. Hãy nạp đơn vị hành chính "
                "(danvan load-admin-units) hoặc kiểm tra mã tỉnh."
            )
            % {"code": options.province},
            code="unknown_province",
            field="province",
        )
    if not _communes(province):
        raise ValidationFailed(
            _("Tỉnh “%(name)s” chưa có xã, phường nào được nạp.") % {"name": province.name},
            code="no_communes",
            field="province",
        )
    start = dt.date(options.start_year, 1, 1)
    for kind in (Kind.COMPLAINT, Kind.DENUNCIATION, Kind.RECOMMENDATION, Kind.FEEDBACK):
        first_step = {Kind.COMPLAINT: "accept", Kind.DENUNCIATION: "classify"}.get(kind, "reply")
        round_ = 1 if kind == Kind.COMPLAINT else None
        try:
            rule_for(step=first_step, kind=kind, round=round_, on=start)
        except ValidationFailed as exc:
            raise ValidationFailed(
                _(
                    "Chưa có quy định thời hạn cho đơn nhận từ ngày %(date)s; hãy chọn năm bắt "
                    "đầu muộn hơn."
                )
                % {"date": start.strftime("%d/%m/%Y")},
                code="no_legal_rule",
                field="start_year",
            ) from exc
    return province


def _communes(province: AdminUnit) -> list[AdminUnit]:
    return list(
        AdminUnit.objects.current()
        .filter(level=AdminUnit.Level.COMMUNE, path__startswith=province.path)
        .order_by("code")
    )


# ---------------------------------------------------------------- organisations, officers


@dataclass
class Office:
    organization: Organization
    unit: AdminUnit  # the commune (or the province for the provincial committee)
    officers: list[int]
    remote: bool
    hamlets: list[str]


def _org_code(unit: AdminUnit) -> str:
    return f"{SYNTHETIC_PREFIX}{unit.code}-ubnd"


def _ensure_offices(
    province: AdminUnit, communes: list[AdminUnit], officers: int, result: SeedResult
) -> tuple[Office, list[Office]]:
    """The provincial committee and one committee per commune, with their officers."""
    existing = {
        org.code: org
        for org in Organization.objects.filter(code__startswith=SYNTHETIC_PREFIX).prefetch_related(
            "jurisdiction"
        )
    }
    layout = random.Random(f"offices:{province.code}")

    def ensure(unit: AdminUnit, level: str, parent: Organization | None) -> Organization:
        code = _org_code(unit)
        org = existing.get(code)
        if org is None:
            org = organization_create(
                actor=None,
                code=code,
                name=f"Ủy ban nhân dân {unit.name}",
                short_name=f"UBND {unit.short_name}",
                kind=Organization.Kind.PEOPLE_COMMITTEE,
                level=level,
                jurisdiction=[unit],
                parent=parent,
            )
            result.organizations_created += 1
        return org

    def staff(org: Organization, unit: AdminUnit, role: str) -> list[int]:
        wanted = [
            f"syn.{unit.code}" if i == 0 else f"syn.{unit.code}.{i + 1}" for i in range(officers)
        ]
        users = {u.username: u for u in User.objects.filter(username__in=wanted)}
        ids = []
        for index, username in enumerate(wanted):
            user = users.get(username)
            if user is None:
                user = user_create(
                    actor=None,
                    username=username,
                    full_name=_person_name(random.Random(f"officer:{username}")),
                    password=None,
                )
                result.officers_created += 1
            if not Membership.objects.filter(user=user, organization=org).exists():
                membership_add(
                    actor=None,
                    user=user,
                    organization=org,
                    role=role,
                    title=_("Cán bộ tiếp công dân") if index == 0 else _("Cán bộ xử lý đơn"),
                )
            ids.append(user.pk)
        return ids

    top = ensure(province, Organization.Level.PROVINCE, None)
    provincial = Office(
        organization=top,
        unit=province,
        officers=staff(top, province, Membership.Role.SPECIALIST),
        remote=False,
        hamlets=[],
    )
    offices = []
    for unit in communes:
        org = ensure(unit, Organization.Level.COMMUNE, top)
        offices.append(
            Office(
                organization=org,
                unit=unit,
                officers=staff(org, unit, Membership.Role.OFFICER),
                remote=layout.random() < 0.15 and unit.name.startswith("Xã"),
                hamlets=layout.sample(HAMLET_NAMES, 8),
            )
        )
    return provincial, offices


# ---------------------------------------------------------------- fast text


class _FoldTable(dict[int, str]):
    """`str.translate` table giving, character by character, what `fold` keeps of it."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        if char in "đĐ":
            kept = "d" if char == "đ" else "D"
        else:
            decomposed = unicodedata.normalize("NFD", char)
            kept = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
        self[code] = kept
        return kept


_FOLD_TABLE = _FoldTable()


def fast_fold(text: str) -> str:
    """Exactly `core.text.fold(text)`, several times faster: NFD decomposition acts on each
    precomposed character alone, and the combining marks it yields are all dropped, so the
    folding is a per-character table lookup."""
    if not text:
        return ""
    return " ".join(text.translate(_FOLD_TABLE).split()).lower()


_SHORT_FOLDS: dict[str, str] = {}


def _fold_short(text: str) -> str:
    """`fast_fold` remembered for the recurring short strings (names, addresses)."""
    folded = _SHORT_FOLDS.get(text)
    if folded is None:
        if len(_SHORT_FOLDS) > 50_000:
            _SHORT_FOLDS.clear()
        folded = _SHORT_FOLDS[text] = fast_fold(text)
    return folded


def fast_search_text(
    petition: Petition, people: Sequence[Any], *, title: str = "", content: str = ""
) -> str:
    """Exactly `services.search_text_for(petition, people)`. Folding a text joined by spaces
    is joining the folded parts, so already folded `title` and `content` may be passed."""
    parts = [
        title or fast_fold(petition.title),
        content or fast_fold(petition.content),
        fast_fold(petition.register_label),
        fast_fold(petition.tracking_code),
    ]
    if petition.kind != Kind.DENUNCIATION:
        for person in people:
            parts += [
                _fold_short(person.full_name),
                _fold_short(person.address),
                fast_fold(person.phone),
            ]
    return " ".join(part for part in parts if part)


def fast_name_key(full_name: str, address: str) -> str:
    """Exactly `duplicates.name_key(full_name, address)`."""
    return f"{_fold_short(full_name)}|{_fold_short(address)}"


_SPREAD_CACHE: dict[str, int] = {}
SPREAD_CACHE_SIZE = 150_000  # about 50 MB: the phrase pools' word pairs and the common numbers
_LANE = 16  # bits per counter lane: fine for texts up to 65,535 distinct word pairs


def _spread(shingle: str) -> int:
    """The shingle's 64-bit hash with each bit widened to a 16-bit lane, so that adding the
    spreads of all shingles counts, lane by lane, how many have each bit set."""
    cached = _SPREAD_CACHE.get(shingle)
    if cached is None:
        value = int.from_bytes(hashlib.blake2b(shingle.encode(), digest_size=8).digest(), "big")
        cached = sum(1 << (_LANE * bit) for bit in range(64) if value >> bit & 1)
        _SPREAD_CACHE[shingle] = cached
    return cached


def fast_bands(text: str) -> tuple[int, int, int, int]:
    """Exactly `duplicates.bands(text)`, an order of magnitude faster on texts made of
    recurring phrases (hashes are cached, bit counts are added in parallel lanes)."""
    return bands_of_folded(fast_fold(text))


def bands_of_folded(folded: str) -> tuple[int, int, int, int]:
    """`fast_bands` of a text already folded."""
    tokens = duplicates.WORD.findall(folded)
    if len(tokens) < 2:
        shingles = set(tokens)
    else:
        shingles = {f"{a} {b}" for a, b in itertools.pairwise(tokens)}
    cache = _SPREAD_CACHE
    if len(cache) > SPREAD_CACHE_SIZE:
        cache.clear()
    for shingle in shingles.difference(cache):
        _spread(shingle)
    total = sum(map(cache.__getitem__, shingles))
    half = len(shingles)
    mask = (1 << _LANE) - 1
    value = 0
    for bit in range(64):
        if 2 * (total >> (_LANE * bit) & mask) > half:
            value |= 1 << bit
    return (value & 0xFFFF, value >> 16 & 0xFFFF, value >> 32 & 0xFFFF, value >> 48 & 0xFFFF)


# ---------------------------------------------------------------- deadlines, cached


class DeadlineRow(NamedTuple):
    step: str
    rule_id: int
    starts_on: dt.date
    due_on: dt.date | None
    met_on: dt.date | None


class DeadlineCache:
    """Rules and due dates per (step, kind, flags, start), looked up once and reused.

    The rule chosen for a petition changes only on the dates a rule comes into or goes out of
    force, so a rule is looked up once per span between those dates."""

    def __init__(self) -> None:
        edges: set[dt.date] = set()
        for valid_from, valid_to in LegalRule.objects.values_list("valid_from", "valid_to"):
            if valid_from:
                edges.add(valid_from)
            if valid_to:
                edges.add(valid_to + dt.timedelta(days=1))
        self.edges = sorted(edges)
        self.rules: dict[tuple[Any, ...], LegalRule] = {}
        self.due: dict[tuple[int, dt.date], dt.date | None] = {}

    def rule(self, petition: Petition, step: str, on: dt.date) -> LegalRule:
        key = (
            step,
            petition.kind,
            petition.round,
            petition.complex,
            petition.especially_complex,
            petition.remote_area,
            bisect.bisect_right(self.edges, on),
        )
        rule = self.rules.get(key)
        if rule is None:
            rule = rule_for(
                step=step,
                kind=petition.kind,
                round=petition.round,
                complex=petition.complex,
                especially_complex=petition.especially_complex,
                remote_area=petition.remote_area,
                on=on,
            )
            self.rules[key] = rule
        return rule

    def due_on(self, rule: LegalRule, start: dt.date) -> dt.date | None:
        key = (rule.pk, start)
        if key not in self.due:
            self.due[key] = compute_due_date(rule=rule, start=start)
        return self.due[key]

    def rows(self, petition: Petition, pauses: list[Pause]) -> list[DeadlineRow]:
        """What `deadlines.compute` gives for the petition, with cached rules and dates."""
        closed_on = petition.closed_on if petition.status in CLOSING_STATUSES else None
        rows = []
        for plan in applicable_steps(petition):
            rule = self.rule(petition, plan.step, plan.starts_on)
            clock = [
                ClockPause(start=p.started_on, end=p.ended_on, reason=p.reason)
                for p in pauses
                if p.started_on >= plan.starts_on
                and (plan.met_on is None or p.started_on <= plan.met_on)
            ]
            if clock:
                due_on = compute_due_date(rule=rule, start=plan.starts_on, pauses=clock)
            else:
                due_on = self.due_on(rule, plan.starts_on)
            rows.append(
                DeadlineRow(plan.step, rule.pk, plan.starts_on, due_on, plan.met_on or closed_on)
            )
        return rows


# ---------------------------------------------------------------- generation


_PETITION_DEFAULTS: dict[str, Any] = {}


def _new_petition(**values: Any) -> Petition:
    """A Petition with `values` (attnames) over the model's defaults, without the per-field
    work of `Model.__init__` (a tenth of the generation time otherwise)."""
    if not _PETITION_DEFAULTS:
        template = Petition()
        _PETITION_DEFAULTS.update(
            {k: v for k, v in template.__dict__.items() if not k.startswith("_")}
        )
        for f in Petition._meta.concrete_fields:
            if f.has_default() and callable(f.default):
                _PETITION_DEFAULTS.pop(f.attname, None)  # public_id, tracking_code: per row
    petition = Petition.__new__(Petition)
    state = ModelState()
    petition.__dict__.update(_PETITION_DEFAULTS)
    petition.__dict__.update(values)
    petition._state = state
    if "ineligibility_reasons" not in values:
        petition.ineligibility_reasons = []
    return petition


def _random_code(length: int) -> str:
    """Like `new_public_id` (same alphabet, from the system's random source) in one call:
    256 is a multiple of the alphabet's 32 letters, so each letter is equally likely."""
    return "".join(PUBLIC_ID_ALPHABET[byte & 31] for byte in os.urandom(length))


def _weighted(weights: dict[str, int]) -> tuple[list[str], list[int]]:
    keys = list(weights)
    cumulative = []
    total = 0
    for key in keys:
        total += weights[key]
        cumulative.append(total)
    return keys, cumulative


def _male_name(rng: random.Random) -> str:
    return f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE_MALE)} {rng.choice(GIVEN_MALE)}"


def _person_name(rng: random.Random) -> str:
    if rng.random() < 0.55:
        return f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE_MALE)} {rng.choice(GIVEN_MALE)}"
    return f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE_FEMALE)} {rng.choice(GIVEN_FEMALE)}"


def _after(day: dt.date, rng: random.Random, low: int, high: int, limit: dt.date) -> dt.date:
    return min(day + dt.timedelta(days=rng.randint(low, high)), limit)


def _open_probability(age: int) -> float:
    """Share of petitions still open at a given age in days: most recent ones are, a few stale
    ones linger (those are the overdue cases)."""
    if age < 12:
        return 0.92
    if age < 40:
        return 0.55
    if age < 120:
        return 0.14
    if age < 365:
        return 0.06
    return 0.012


class Person(NamedTuple):
    full_name: str
    address: str
    phone: str
    id_number: str
    is_representative: bool
    name_key: str


@dataclass
class Draft:
    petition: Petition
    people: list[Person]
    forwarding: Forwarding | None = None
    pause: Pause | None = None
    assignee: int | None = None
    folded_title: str = ""
    folded_content: str = ""


class Generator:
    """Makes petitions one by one from a single seeded random stream."""

    def __init__(
        self,
        *,
        options: SeedOptions,
        today: dt.date,
        provincial: Office,
        offices: list[Office],
        topics: dict[str, Topic],
    ) -> None:
        self.rng = random.Random(options.seed)
        self.total = options.petitions
        self.today = today
        self.start = dt.date(options.start_year, 1, 1)
        self.span = (today - self.start).days
        self.provincial = provincial
        self.offices = offices
        self.topics = topics
        self.kinds = _weighted(KIND_WEIGHTS)
        self.channels = {kind: _weighted(w) for kind, w in CHANNEL_WEIGHTS.items()}
        self.topic_weights = {kind: _weighted(w) for kind, w in TOPIC_WEIGHTS.items()}
        self.outcomes = {kind: _weighted(w) for kind, w in OUTCOME_WEIGHTS.items()}
        self.suggest_keywords = [
            (
                topic,
                [
                    (f" {fold(line)}", len(fold(line).split()))
                    for line in topic.keywords.splitlines()
                    if fold(line)
                ],
            )
            for topic in sorted(topics.values(), key=lambda t: t.position)
            if topic.is_active
        ]

    def _pick(self, table: tuple[list[str], list[int]]) -> str:
        keys, cumulative = table
        return keys[bisect.bisect_right(cumulative, self.rng.random() * cumulative[-1])]

    def _date(self, index: int) -> dt.date:
        """Received dates over the years, growing ~2× from the first year to the last, in the
        order of `index` (so register numbers follow the dates), on working days mostly."""
        u = (index + self.rng.random()) / self.total
        growth = 1.0
        t = (-1 + math.sqrt(1 + 2 * growth * u * (1 + growth / 2))) / growth
        day = self.start + dt.timedelta(days=min(int(t * (self.span + 1)), self.span))
        if day.weekday() >= 5 and self.rng.random() < 0.9:
            day -= dt.timedelta(days=day.weekday() - 4)  # Saturday, Sunday → Friday
        return max(day, self.start)

    def _suggest(self, folded: str) -> Topic | None:
        """`topics.suggest_topic` over the topics loaded once."""
        count = f" {folded} ".count
        best_hits, best = 0, None
        for topic, keywords in self.suggest_keywords:  # by position: the first best wins
            hits = sum([count(needle) * weight for needle, weight in keywords])
            if hits > best_hits:
                best_hits, best = hits, topic
        return best

    def _text(
        self,
        kind: str,
        topic_code: str,
        office: Office,
        petitioner: str,
        address: str,
        received: dt.date,
    ) -> tuple[str, str]:
        rng = self.rng
        pool = MATTERS[topic_code]
        if kind == Kind.DENUNCIATION:
            pool = DENUNCIATION_MATTERS.get(topic_code, pool)
        subject_template, sentences = rng.choice(pool)
        hamlet = (
            f"thôn {rng.choice(office.hamlets)}"
            if office.hamlets
            else f"thôn {rng.choice(HAMLET_NAMES)}"
        )
        values = {
            "n": rng.randint(2, 480),
            "m": rng.randint(1, 12) if rng.random() < 0.5 else rng.randint(13, 96),
            "area": rng.choice([rng.randint(40, 900), rng.randint(900, 12_000)]),
            "money": f"{rng.randint(2, 950) * 1_000_000:,}".replace(",", "."),
            "year": rng.randint(received.year - 15, received.year),
            "month": rng.randint(1, 12),
            "day": rng.randint(1, 28),
            "hamlet": hamlet,
            "person": _male_name(rng),  # written "ông {person}" in the phrases
            "role": rng.choice(OFFICIAL_ROLES),
            "road": rng.choice(ROADS),
            "project": rng.choice(PROJECTS),
            "facility": rng.choice(FACILITIES),
        }
        subject = subject_template.format(**values)
        commune = office.unit.name
        org_name = office.organization.short_name or office.organization.name
        parts = [
            OPENINGS[kind].format(
                subject=subject,
                petitioner=petitioner,
                address=address,
                hamlet=hamlet,
                commune=commune,
            )
        ]
        chosen = sentences if rng.random() < 0.7 else rng.sample(sentences, 1)
        parts += [s.format(**values) for s in chosen]
        if rng.random() < 0.35:
            other_code = self._pick(self.topic_weights["default"])
            _subject, extra = rng.choice(MATTERS[other_code])
            parts.append(rng.choice(extra).format(**values))
        parts.append(rng.choice(REQUESTS).format(org=org_name))
        title = f"{TITLE_PREFIX[kind]} {subject}"
        if rng.random() < 0.4:
            title += f", {hamlet}"
        return title[:255], " ".join(parts)

    def make(self, index: int) -> Draft:
        rng = self.rng
        today = self.today
        received = self._date(index)
        kind = self._pick(self.kinds)
        channel = self._pick(self.channels[kind])
        topic_code = self._pick(self.topic_weights.get(kind, self.topic_weights["default"]))
        at_province = rng.random() < 0.08
        office = rng.choice(self.offices)
        owner = self.provincial if at_province else office
        anonymous = kind == Kind.FEEDBACK and rng.random() < 0.06
        collective = not anonymous and rng.random() < (
            0.12 if kind == Kind.RECOMMENDATION else 0.03
        )
        hamlet = rng.choice(office.hamlets or HAMLET_NAMES)
        address = f"Thôn {hamlet}, {office.unit.name}"
        people: list[Person] = []
        if not anonymous:
            count = rng.randint(2, 3) if collective else 1
            for position in range(count):
                name = _person_name(rng)
                people.append(
                    Person(
                        full_name=name,
                        address=address,
                        phone=f"09{rng.randrange(10_000_000, 100_000_000)}"
                        if rng.random() < 0.8
                        else "",
                        id_number=f"042{rng.randrange(100_000_000, 1_000_000_000)}"
                        if rng.random() < 0.6
                        else "",
                        is_representative=collective and position == 0,
                        name_key=fast_name_key(name, address),
                    )
                )
        signatories = max(len(people), rng.randint(5, 60) if collective else 0)
        title, content = self._text(
            kind, topic_code, office, people[0].full_name if people else "", address, received
        )
        complex_ = kind in (Kind.COMPLAINT, Kind.DENUNCIATION) and rng.random() < 0.06
        codes = _random_code(24)
        petition = _new_petition(
            public_id=codes[:12],
            tracking_code=f"{codes[12:16]}-{codes[16:20]}-{codes[20:24]}",
            organization_id=owner.organization.pk,
            register_year=received.year,
            kind=kind,
            channel=channel,
            status=Status.RECEIVED,
            received_on=received,
            title=title,
            content=content,
            admin_unit_id=office.unit.pk,
            anonymous=anonymous,
            collective=signatories >= 5,
            signatory_count=signatories,
            complex=complex_,
            especially_complex=complex_ and kind == Kind.DENUNCIATION and rng.random() < 0.2,
            remote_area=office.remote,
            round=2 if kind == Kind.COMPLAINT and rng.random() < 0.04 else 1,
            created_by_id=owner.officers[0] if owner.officers else None,
        )
        draft = Draft(
            petition=petition,
            people=people,
            folded_title=fast_fold(title),
            folded_content=fast_fold(content),
        )
        age = (today - received).days
        if rng.random() < _open_probability(age):
            self._open(draft, owner, age)
        else:
            self._close(draft, owner, age)
        topic = self.topics.get(topic_code)
        suggested = self._suggest(f"{draft.folded_title} {draft.folded_content}")
        petition.suggested_topic_id = suggested.pk if suggested else None
        if petition.classified_on or petition.status != Status.RECEIVED or rng.random() < 0.5:
            petition.topic_id = topic.pk if topic else None
        return draft

    # ---- states

    def _assign(self, draft: Draft, owner: Office) -> None:
        if owner.officers:
            draft.assignee = self.rng.choice(owner.officers)

    def _open(self, draft: Draft, owner: Office, age: int) -> None:
        rng, p, today = self.rng, draft.petition, self.today
        r = rng.random()
        if p.kind in (Kind.COMPLAINT, Kind.DENUNCIATION) and age >= 5 and r < 0.7:
            p.handled_on = p.classified_on = _after(p.received_on, rng, 2, 9, today)
            p.accepted_on = p.handled_on
            p.eligible = p.within_competence = True
            p.status = Status.ACCEPTED
            if p.kind == Kind.DENUNCIATION and rng.random() < 0.8:
                p.notified_on = _after(p.accepted_on, rng, 1, 6, today)
            r2 = rng.random()
            if r2 < 0.06:
                p.status = Status.PAUSED
                draft.pause = Pause(
                    started_on=_after(p.accepted_on, rng, 3, 20, today),
                    reason="Chờ kết quả giám định, đo đạc lại hiện trạng.",
                )
            elif r2 < 0.16 and age > 20:
                p.status = Status.RESOLVED
                p.resolved_on = _after(p.accepted_on, rng, 10, 40, today)
                p.outcome = self._pick(self.outcomes[p.kind])
                p.outcome_summary = OUTCOME_SUMMARIES[p.outcome]
            self._assign(draft, owner)
        elif p.kind in (Kind.RECOMMENDATION, Kind.FEEDBACK) and age >= 5 and r < 0.15:
            p.handled_on = p.classified_on = p.accepted_on = _after(p.received_on, rng, 2, 8, today)
            p.eligible = p.within_competence = True
            p.status = Status.ACCEPTED
            self._assign(draft, owner)
        elif rng.random() < 0.3:
            self._assign(draft, owner)

    def _close(self, draft: Draft, owner: Office, age: int) -> None:
        rng, p, today = self.rng, draft.petition, self.today
        kind = p.kind
        handled = _after(p.received_on, rng, 1, 9, today)
        r = rng.random()
        if kind == Kind.MIXED:
            self._guide_or_archive(p, handled, r < 0.5)
            return
        if kind in (Kind.RECOMMENDATION, Kind.FEEDBACK):
            if r < 0.66:
                replied = _after(p.received_on, rng, 3, 16, today)
                p.handled_on = p.classified_on = replied
                p.within_competence = p.eligible = True
                p.status = Status.REPLIED
                p.replied_on = p.closed_on = replied
                p.outcome = self._pick(self.outcomes[kind])
                p.outcome_summary = OUTCOME_SUMMARIES[p.outcome]
                p.reply_text = "Đã kiểm tra, tiếp thu ý kiến và chỉ đạo các bộ phận xử lý."
                p.answer_published = rng.random() < 0.3
                return
            if r < 0.82:
                self._forward(draft, owner, handled)
                return
            if r < 0.87:
                self._resolve_path(draft, owner, handled, reply=True)
                return
            self._guide_or_archive(p, handled, r < 0.94)
            return
        if kind == Kind.COMPLAINT:
            if r < 0.64:
                self._resolve_path(draft, owner, handled, reply=rng.random() < 0.55)
            elif r < 0.74:
                p.handled_on = p.classified_on = p.closed_on = handled
                p.eligible = False
                p.ineligibility_reasons = [rng.choice(RETURN_REASONS)]
                p.status = Status.RETURNED
                p.handling_note = "Đơn không đủ điều kiện thụ lý, trả lại người khiếu nại."
            elif r < 0.88:
                self._guide_or_archive(p, handled, True)
            else:
                self._forward(draft, owner, handled)
            return
        # denunciation
        if r < 0.5:
            self._resolve_path(draft, owner, handled, reply=rng.random() < 0.3)
        elif r < 0.75:
            self._forward(draft, owner, handled)
        else:
            self._guide_or_archive(p, handled, r < 0.85)

    def _guide_or_archive(self, p: Petition, on: dt.date, guide: bool) -> None:
        p.handled_on = p.classified_on = p.closed_on = on
        if guide:
            p.status = Status.GUIDED
            p.handling_note = "Đã hướng dẫn công dân gửi đơn đến cơ quan có thẩm quyền."
        else:
            p.status = Status.ARCHIVED
            p.handling_note = "Đơn không đủ điều kiện xử lý, xếp lưu."

    def _forward(self, draft: Draft, owner: Office, on: dt.date) -> None:
        p = draft.petition
        target = self.provincial if owner is not self.provincial else self._office_of(p)
        p.handled_on = p.classified_on = p.closed_on = on
        p.within_competence = False
        p.status = Status.FORWARDED
        reported = self.rng.random() < 0.6 and (self.today - on).days > 20
        draft.forwarding = Forwarding(
            from_organization=owner.organization,
            to_organization=target.organization,
            forwarded_on=on,
            reported_on=_after(on, self.rng, 15, 60, self.today) if reported else None,
            report_summary="Đã giải quyết và trả lời công dân." if reported else "",
        )

    def _office_of(self, p: Petition) -> Office:
        for office in self.offices:
            if office.unit.pk == p.admin_unit_id:
                return office
        return self.offices[0]

    def _resolve_path(self, draft: Draft, owner: Office, on: dt.date, *, reply: bool) -> None:
        rng, p, today = self.rng, draft.petition, self.today
        p.handled_on = p.classified_on = p.accepted_on = on
        p.eligible = p.within_competence = True
        if p.kind == Kind.DENUNCIATION:
            p.notified_on = _after(on, rng, 1, 5, today)
        p.resolved_on = _after(on, rng, 12, 50, today)
        if p.notified_on and p.notified_on > p.resolved_on:
            p.notified_on = p.resolved_on
        p.outcome = self._pick(self.outcomes.get(p.kind, self.outcomes[Kind.FEEDBACK]))
        p.outcome_summary = OUTCOME_SUMMARIES[p.outcome]
        closed = _after(p.resolved_on, rng, 1, 12, today)
        if reply:
            p.status = Status.REPLIED
            p.replied_on = p.closed_on = closed
            p.reply_text = "Thông báo kết quả giải quyết: " + p.outcome_summary
        else:
            p.status = Status.ARCHIVED
            p.closed_on = closed
            p.handling_note = "Đã giải quyết xong, lưu hồ sơ."
        self._assign(draft, owner)


# ---------------------------------------------------------------- writing


def _allocate_ids(model: type[Model], count: int) -> list[int]:
    """`count` primary keys for `model`, above every key it used (deleted ones included)."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [table, count],
            )
            return [row[0] for row in cursor.fetchall()]
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {connection.ops.quote_name(table)}")
        top = cursor.fetchone()[0]
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
        row = cursor.fetchone()
        top = max(top, row[0] if row else 0)
        return list(range(top + 1, top + 1 + count))


def _converter(field: Any, postgres: bool) -> Callable[[Any], Any] | None:
    """How a column's Python value becomes a parameter, where the driver needs help."""
    kind = field.get_internal_type()
    if kind == "JSONField":
        return json.dumps
    if postgres:
        return None
    if kind == "DateField":
        return lambda value: value.isoformat() if value is not None else None
    if kind in ("DateTimeField", "DecimalField", "TimeField"):
        return functools.partial(field.get_db_prep_save, connection=connection)
    return None


def insert_values(model: type[Model], attnames: Sequence[str], rows: list[tuple[Any, ...]]) -> None:
    """Insert plain tuples (columns named by `attnames`; the timestamps are added) in one
    statement per batch, skipping the ORM's per-object and per-value work, which is most of
    `bulk_create`'s time. PostgreSQL: COPY."""
    if not rows:
        return
    meta = model._meta
    by_attname: dict[str, Any] = {f.attname: f for f in meta.concrete_fields}
    fields = [by_attname[name] for name in attnames]
    stamps = [
        f
        for f in meta.concrete_fields
        if (getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False))
        and f.attname not in attnames
    ]
    if connection.vendor not in ("sqlite", "postgresql"):
        model._default_manager.bulk_create(
            [model(**dict(zip(attnames, row, strict=True))) for row in rows]
        )
        return
    postgres = connection.vendor == "postgresql"
    now = timezone.now()
    extra: tuple[Any, ...] = ()
    for f in stamps:
        conv = _converter(f, postgres)
        extra += (conv(now) if conv else now,)
    converters = [(i, conv) for i, f in enumerate(fields) if (conv := _converter(f, postgres))]
    if converters:
        converted = []
        for row in rows:
            values = list(row)
            for i, conv in converters:
                values[i] = conv(values[i])
            converted.append((*values, *extra))
    else:
        converted = [(*row, *extra) for row in rows]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(str(f.column)) for f in [*fields, *stamps])
    with connection.cursor() as cursor:
        if postgres:
            with cursor.cursor.copy(f"COPY {quote(meta.db_table)} ({columns}) FROM STDIN") as copy:
                for row in converted:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * (len(fields) + len(stamps)))
            cursor.executemany(
                f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES ({marks})", converted
            )


def insert_rows(model: type[Model], objects: list[Any], *, with_ids: bool = False) -> None:
    """Insert unsaved model instances through `insert_values`. With `with_ids`, primary keys
    are allocated first and set on the objects, so that their children can point at them."""
    if not objects:
        return
    if connection.vendor not in ("sqlite", "postgresql"):
        model._default_manager.bulk_create(objects)
        return
    if with_ids:
        for obj, pk in zip(objects, _allocate_ids(model, len(objects)), strict=True):
            obj.pk = pk
            obj._state.adding = False
            obj._state.db = connection.alias
    attnames = [
        f.attname
        for f in model._meta.concrete_fields
        if (with_ids or not f.primary_key)
        and not (getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False))
    ]
    getter = operator.attrgetter(*attnames)
    insert_values(model, attnames, [getter(obj) for obj in objects])


PETITIONER_COLUMNS = (
    "petition_id",
    "position",
    "full_name",
    "address",
    "phone",
    "id_number",
    "is_representative",
    "name_key",
)


class Writer:
    """Writes one batch of drafts: petitions, then what hangs off them, then the counters."""

    def __init__(self, offices: list[Office]) -> None:
        self.deadlines = DeadlineCache()
        org_ids = [office.organization.pk for office in offices]
        self.counters: dict[tuple[int, int], int] = {}
        for org_id, year, top in (
            Petition.objects.filter(organization_id__in=org_ids)
            .values_list("organization_id", "register_year")
            .annotate(top=Max("number"))
        ):
            self.counters[(org_id, year)] = top
        self.counter_rows = {
            (c.organization_id, c.year): c
            for c in RegisterCounter.objects.filter(organization_id__in=org_ids)
        }
        for key, row in self.counter_rows.items():
            self.counters[key] = max(self.counters.get(key, 0), row.last_number)

    def prepare(self, drafts: list[Draft]) -> dict[tuple[int, int], int]:
        """Number the batch and fill its derived text columns (no database access: this runs
        in the generating thread). The last number per organisation and year is returned."""
        last: dict[tuple[int, int], int] = {}
        counters = self.counters
        for draft in drafts:
            p = draft.petition
            key = (p.organization_id, p.register_year)
            p.number = last[key] = counters[key] = counters.get(key, 0) + 1
            p.search_text = fast_search_text(
                p, draft.people, title=draft.folded_title, content=draft.folded_content
            )
            (
                p.fingerprint_band0,
                p.fingerprint_band1,
                p.fingerprint_band2,
                p.fingerprint_band3,
            ) = bands_of_folded(draft.folded_content)
        return last

    @transaction.atomic
    def write(self, drafts: list[Draft], last: dict[tuple[int, int], int], today: dt.date) -> int:
        """Write a prepared batch; the number of its petitions that are overdue."""
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                # Benchmark data: a crash loses at most the last batches, never consistency.
                cursor.execute("SET LOCAL synchronous_commit = off")
        petitions = [d.petition for d in drafts]
        insert_rows(Petition, petitions, with_ids=True)
        people: list[tuple[Any, ...]] = []
        rows: list[tuple[Any, ...]] = []
        assignments: list[tuple[Any, ...]] = []
        forwardings, pauses = [], []
        overdue = 0
        for draft in drafts:
            p = draft.petition
            for position, person in enumerate(draft.people):
                people.append((p.pk, position, *person))
            if draft.forwarding is not None:
                draft.forwarding.petition = p
                forwardings.append(draft.forwarding)
            p._prefetched_objects_cache = {  # type: ignore[attr-defined]
                "forwardings": [draft.forwarding] if draft.forwarding else []
            }
            own_pauses = []
            if draft.pause is not None:
                draft.pause.petition = p
                pauses.append(draft.pause)
                own_pauses.append(draft.pause)
            if draft.assignee is not None:
                assigned_on = p.accepted_on or p.handled_on or p.received_on
                assignments.append((p.pk, draft.assignee, Assignment.Role.LEAD, assigned_on))
            petition_rows = self.deadlines.rows(p, own_pauses)
            if any(r.met_on is None and r.due_on and r.due_on < today for r in petition_rows):
                overdue += 1
            rows += [(p.pk, *row) for row in petition_rows]
            del p._prefetched_objects_cache  # type: ignore[attr-defined]
        insert_values(Petitioner, PETITIONER_COLUMNS, people)
        insert_rows(Forwarding, forwardings)
        insert_rows(Pause, pauses)
        insert_values(Assignment, ("petition_id", "user_id", "role", "assigned_on"), assignments)
        insert_values(
            PetitionDeadline,
            ("petition_id", "step", "rule_id", "starts_on", "due_on", "met_on"),
            rows,
        )
        self._save_counters(last)
        return overdue

    def _save_counters(self, last: dict[tuple[int, int], int]) -> None:
        changed, new = [], []
        for (org_id, year), number in last.items():
            row = self.counter_rows.get((org_id, year))
            if row is None:
                row = RegisterCounter(organization_id=org_id, year=year, last_number=number)
                self.counter_rows[(org_id, year)] = row
                new.append(row)
            elif row.last_number != number:
                row.last_number = number
                changed.append(row)
        RegisterCounter.objects.bulk_create(new)
        RegisterCounter.objects.bulk_update(changed, ["last_number"])


# ---------------------------------------------------------------- entry points

Batch = tuple[list[Draft], dict[tuple[int, int], int]]


def _prepared_batches(
    generator: Generator, writer: Writer, options: SeedOptions
) -> Iterator[Batch]:
    """The batches, generated one ahead in a thread while the previous one is written: the
    database (SQLite in C, PostgreSQL in its own process) works without holding Python's
    lock, so generation and writing overlap on two cores. One generating thread keeps the
    output deterministic; the queue holds at most one batch, so memory stays bounded."""
    batches: queue.Queue[Batch | BaseException | None] = queue.Queue(maxsize=1)
    stop = threading.Event()

    def produce() -> None:
        try:
            done = 0
            while done < options.petitions and not stop.is_set():
                size = min(options.batch_size, options.petitions - done)
                drafts = [generator.make(done + i) for i in range(size)]
                batches.put((drafts, writer.prepare(drafts)))
                done += size
            batches.put(None)
        except BaseException as exc:  # handed to the writing thread, which raises it
            batches.put(exc)

    thread = threading.Thread(target=produce, name="seed-synthetic", daemon=True)
    thread.start()
    try:
        while (item := batches.get()) is not None:
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()
        while thread.is_alive():  # let a producer blocked on a full queue finish
            with contextlib.suppress(queue.Empty):
                batches.get_nowait()
            thread.join(timeout=0.05)


@contextlib.contextmanager
def _bulk_load_settings() -> Iterator[None]:
    """SQLite: a page cache large enough for the growing indexes (random public ids and
    tracking codes touch pages all over them), restored afterwards."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        previous = cursor.fetchone()[0]
        cursor.execute(f"PRAGMA cache_size = {-SQLITE_CACHE_KIB}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(previous)}")


def seed_synthetic(options: SeedOptions, *, progress: Progress | None = None) -> SeedResult:
    """Create `options.petitions` synthetic petitions; see the module docstring."""
    started = time.monotonic()
    today = options.today or timezone.localdate()
    province = validate(options)
    result = SeedResult()
    communes = _communes(province)
    with transaction.atomic():
        provincial, offices = _ensure_offices(province, communes, options.officers, result)
    topics = {topic.code: topic for topic in Topic.objects.all()}
    generator = Generator(
        options=options, today=today, provincial=provincial, offices=offices, topics=topics
    )
    writer = Writer([provincial, *offices])
    done = 0
    with _bulk_load_settings():
        for drafts, last in _prepared_batches(generator, writer, options):
            result.overdue += writer.write(drafts, last, today)
            for draft in drafts:
                result.by_kind[draft.petition.kind] += 1
                result.by_status[draft.petition.status] += 1
            done += len(drafts)
            if progress:
                progress(done, options.petitions, time.monotonic() - started)
    result.created = done
    with transaction.atomic():
        audit_record(
            actor=None,
            action=AUDIT_ACTION,
            target=provincial.organization,
            after={
                "petitions": options.petitions,
                "seed": options.seed,
                "start_year": options.start_year,
                "province": options.province,
                "officers_per_organization": options.officers,
            },
            note=_("Dữ liệu tổng hợp cho đo hiệu năng: %(n)d đơn, seed %(seed)d.")
            % {"n": options.petitions, "seed": options.seed},
        )
    result.seconds = time.monotonic() - started
    return result


def synthetic_petitions() -> Any:
    return Petition.objects.filter(organization__code__startswith=SYNTHETIC_PREFIX)


@transaction.atomic
def clear_synthetic() -> int:
    """Delete the petitions of the synthetic organisations (and what hangs off them), then
    reset those organisations' register counters. Other petitions are not touched."""
    org_ids = list(
        Organization.objects.filter(code__startswith=SYNTHETIC_PREFIX).values_list("pk", flat=True)
    )
    if not org_ids:
        return 0
    ids = Petition.objects.filter(organization_id__in=org_ids).values("pk")
    count = Petition.objects.filter(organization_id__in=org_ids).count()
    # Rows of other tables that point at a synthetic petition: a nullable reference that the
    # model would clear on deletion (a real registration marked as a duplicate of a synthetic
    # one, a forwarding received into one) is cleared; the rest (deadlines, petitioners,
    # links of a dialogue or a reception visit, …) goes with the petition.
    relations: list[Any] = [
        f
        for f in Petition._meta.get_fields(include_hidden=True)  # "+" relations too
        if f.auto_created and not f.concrete and (f.one_to_many or f.one_to_one or f.many_to_many)
    ]
    for relation in relations:
        model = relation.related_model
        if relation.many_to_many:
            through = relation.through
            for f in through._meta.concrete_fields:
                if f.related_model is Petition:
                    through._default_manager.filter(**{f"{f.name}__in": ids})._raw_delete(
                        through._default_manager.db
                    )
            continue
        name = relation.field.name
        pointing = model._default_manager.filter(**{f"{name}__in": ids})
        if model is Petition:
            pointing = pointing.exclude(organization_id__in=org_ids)
        if model is Petition or relation.on_delete is SET_NULL:
            pointing.update(**{name: None})
        else:
            pointing._raw_delete(model._default_manager.db)
    Petition.objects.filter(organization_id__in=org_ids)._raw_delete(Petition.objects.db)
    RegisterCounter.objects.filter(organization_id__in=org_ids).delete()
    return count
