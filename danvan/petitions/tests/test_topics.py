"""The topic taxonomy is data an administrator edits; edits are audited."""

from __future__ import annotations

import pytest

from danvan.audit.selectors import events_for
from danvan.petitions.models import Topic
from danvan.petitions.topics import suggest_topic

pytestmark = pytest.mark.django_db


def test_the_ten_topics_are_shipped():
    assert list(Topic.objects.values_list("code", flat=True)) == [
        "land",
        "site_clearance",
        "environment",
        "social_policy",
        "infrastructure",
        "administrative_procedures",
        "officials_conduct",
        "religion",
        "justice_security",
        "other",
    ]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Tranh chấp ranh giới thửa đất với hộ liền kề", "land"),
        ("Nước thải xả ra mương gây ô nhiễm, cá chết", "environment"),
        ("Cán bộ một cửa nhũng nhiễu, đòi tiền", "officials_conduct"),
        ("Xin chào", None),
    ],
)
def test_a_topic_is_suggested_from_the_words(text, code):
    topic = suggest_topic(text)

    assert (topic.code if topic else None) == code


def test_an_administrator_edits_keywords_in_the_admin(client, persona):
    client.force_login(persona("admin"))
    topic = Topic.objects.get(code="religion")

    response = client.post(
        f"/admin/petitions/topic/{topic.pk}/change/",
        {
            "code": "religion",
            "name": "Tôn giáo, tín ngưỡng",
            "keywords": "ton giao\nnha tho\nchua\nle hoi\ndinh lang",
            "position": 7,
            "is_active": "on",
        },
    )

    assert response.status_code == 302
    suggested = suggest_topic("Tu sửa đình làng")
    assert suggested is not None
    assert suggested.code == "religion"
    assert [e.action for e in events_for(topic)] == ["topic.update"]
