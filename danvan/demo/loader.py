"""Loading the Kỳ Anh demo: each domain adds its part here, in order."""

from __future__ import annotations

from django.db import transaction

from danvan.compensation.demo import load_demo_compensation
from danvan.consultations.demo import load_demo_consultations
from danvan.demo.accounts import load_demo_accounts
from danvan.democracy.demo import load_demo_democracy
from danvan.dialogues.demo import load_demo_dialogues
from danvan.open311.services import ensure_demo_partner_key
from danvan.organizations.models import Organization
from danvan.petitions.demo import load_demo_petitions
from danvan.receptions.demo import load_demo_receptions

DEMO_MARKER_ORGANIZATION = "ht-btgdv"


def demo_is_loaded() -> bool:
    return Organization.objects.filter(code=DEMO_MARKER_ORGANIZATION).exists()


@transaction.atomic
def load_demo() -> None:
    orgs = load_demo_accounts()
    ensure_demo_partner_key()
    load_demo_petitions(orgs)
    load_demo_receptions(orgs)
    load_demo_compensation(orgs)
    load_demo_democracy(orgs)
    load_demo_consultations(orgs)
    load_demo_dialogues(orgs)
