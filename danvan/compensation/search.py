"""What a household is found by: its head, ID number, code, village and address, folded
("nguyen van" finds "Nguyễn Văn"). Services write it whenever one of these changes."""

from __future__ import annotations

from danvan.compensation.models import Household
from danvan.core.text import fold

SEARCHED = ("head_full_name", "id_number", "public_id", "village", "address")


def search_text(household: Household) -> str:
    return fold(" ".join(str(getattr(household, name) or "") for name in SEARCHED))
