"""The periods of the grassroots-democracy law the product checks, each with its source
(shared/LEGAL-RULES.md, "Grassroots democracy"). One place, cited, not scattered literals."""

from __future__ import annotations

# Residents are notified of a community meeting at least 2 days ahead.
MEETING_NOTICE_DAYS = 2
MEETING_NOTICE_SOURCE = "Luật 10/2022/QH15"
# Information is published within 5 working days of the decision to publish it (Art. 12(3)).
PUBLISH_WITHIN_WORKING_DAYS = 5
PUBLISH_WITHIN_SOURCE = "khoản 3 Điều 12 Luật 10/2022/QH15"
# On a notice board for at least 30 consecutive days (Art. 13(2)).
NOTICE_BOARD_MIN_DAYS = 30
NOTICE_BOARD_SOURCE = "khoản 2 Điều 13 Luật 10/2022/QH15"
