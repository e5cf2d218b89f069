from __future__ import annotations

from typing import Any

import pytest

from danvan.compensation.models import CompensationProgram
from danvan.organizations.models import Organization


@pytest.fixture
def marine(db: Any) -> CompensationProgram:
    """The marine programme shipped by the data migration, with Hoành Sơn's People's
    Committee as responsible organisation (the migration cannot name it)."""
    program = CompensationProgram.objects.get(code="marine-2016")
    program.organization = Organization.objects.get(code="hoanhson-ubnd")
    program.status = CompensationProgram.Status.ACTIVE
    program.save()
    return program
