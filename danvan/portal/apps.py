from typing import Any

from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.translation import gettext_lazy as _


def _places_changed(**kwargs: Any) -> None:
    from danvan.portal.selectors import places_changed

    places_changed()


class PortalConfig(AppConfig):
    name = "danvan.portal"
    label = "portal"
    verbose_name = _("Cổng thông tin công dân")

    def ready(self) -> None:
        # The submission form's communes, villages and receiving committees are kept in each
        # process (portal.selectors.submission_places): a change to a unit or an organisation
        # makes them be read again.
        from danvan.organizations.models import Organization
        from danvan.places.models import AdminUnit

        for model in (AdminUnit, Organization):
            post_save.connect(_places_changed, sender=model, dispatch_uid=f"portal-places-{model}")
            post_delete.connect(
                _places_changed, sender=model, dispatch_uid=f"portal-places-del-{model}"
            )
        m2m_changed.connect(
            _places_changed,
            sender=Organization.jurisdiction.through,
            dispatch_uid="portal-places-jurisdiction",
        )
