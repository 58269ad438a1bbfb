"""What a survivor may see of the directory: confidence decides, emergency numbers aside.

- A low-confidence entry, or a low-confidence channel of an entry, is never shown
  to her; it stays in the data, in the administrators' queue to verify.
- A medium one is shown marked "(not yet verified)" where the deployment shows
  unverified entries (`show_unverified`, the default), and left out where not.
- An emergency or police number is always shown and never marked: doubt beside
  the number she must call in danger helps no one. A block that shows such a
  number (a cybercrime unit reached through 122, say) carries no mark at all.
"""

from __future__ import annotations

from dataclasses import replace

from bot.domain import Confidence, ContactChannel, Service, ServiceType

EMERGENCY_TYPES = (ServiceType.EMERGENCY, ServiceType.POLICE)


def is_emergency_service(service: Service) -> bool:
    return service.type in EMERGENCY_TYPES


def shows_emergency_number(service: Service) -> bool:
    """An emergency or police entry, or one of whose numbers is an emergency number."""
    return is_emergency_service(service) or any(c.emergency_number for c in service.contacts)


def contact_confidence(service: Service, contact: ContactChannel) -> Confidence:
    return contact.confidence or service.confidence


def _contact_shown(service: Service, contact: ContactChannel, show_unverified: bool) -> bool:
    if contact.emergency_number:
        return True
    level = contact_confidence(service, contact)
    if level is Confidence.LOW:
        return False
    return show_unverified or level is Confidence.HIGH


def survivor_view(service: Service, *, show_unverified: bool = True) -> Service | None:
    """The service as she may see it (hidden channels taken out), or None when hidden."""
    if is_emergency_service(service):
        return service  # the schema refuses a low-confidence emergency or police entry
    if service.confidence is Confidence.LOW:
        return None
    if not show_unverified and service.confidence is not Confidence.HIGH:
        return None
    contacts = tuple(c for c in service.contacts if _contact_shown(service, c, show_unverified))
    if not contacts:
        return None
    return service if contacts == service.contacts else replace(service, contacts=contacts)


def heading_marked(service: Service) -> bool:
    """Whether her screen says "(not yet verified)" after the service's name."""
    return not shows_emergency_number(service) and service.confidence is not Confidence.HIGH


def contact_marked(service: Service, contact: ContactChannel) -> bool:
    """A medium channel of a high entry is marked on its own line (the name is not)."""
    return (
        not shows_emergency_number(service)
        and service.confidence is Confidence.HIGH
        and contact.confidence is Confidence.MEDIUM
    )


def carries_mark(service: Service) -> bool:
    return heading_marked(service) or any(contact_marked(service, c) for c in service.contacts)
