import pytest

from danvan.core.text import fold


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("Đất đai", "dat dai"),
        ("  Phường   HOÀNH Sơn ", "phuong hoanh son"),
        ("Kỳ Lợi", "ky loi"),
        # Composed and decomposed forms fold alike.
        ("Tân Phúc Thành", "tan phuc thanh"),
        ("Ta\u0302n Phu\u0301c Tha\u0300nh", "tan phuc thanh"),
        ("", ""),
        (None, ""),
    ],
)
def test_fold_removes_accents_case_and_extra_spaces(given, expected):
    assert fold(given) == expected
