"""Signed deep links: a partner's QR code or link opens the bot with partner, country and
language chosen (`https://t.me/<bot>?start=<payload>`).

The payload is `<partner>_<country>_<language>_<mac>`: the partner id (a slug of
a-z, 0-9 and hyphens), the country code, the language code (its underscore written
as a hyphen: `sr-Latn`), and the first 20 hex digits (80 bits) of an HMAC-SHA256
over those three under a key derived from the server secret. Telegram allows 64
characters of A-Z, a-z, 0-9, _ and - in a start parameter. Nobody without the
server secret can make a link that names a partner; a link whose partner no
longer serves that country, or which was changed in any way, is refused and she
starts as from a plain /start (and is told the link could not be checked).
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from bot.domain import Country
from bot.flows.events import EntryLink
from bot.i18n import LANGUAGES
from bot.routing.partners import PartnerService
from bot.storage.crypto import derive_key

MAX_PAYLOAD = 64  # Telegram's limit for a start parameter
MAC_HEX = 20
_PAYLOAD = re.compile(r"^([a-z0-9-]+)_([a-z]{2})_([A-Za-z-]{2,8})_([0-9a-f]{20})$")


class LinkError(ValueError):
    """A link that cannot be made (unknown partner, a country it does not serve, …)."""


@dataclass(frozen=True)
class DeepLinks:
    key: bytes

    @classmethod
    def from_secret(cls, secret: bytes) -> DeepLinks:
        return cls(derive_key(secret, "deep-link-hmac"))

    def _mac(self, partner: str, country: str, language: str) -> str:
        message = "{}|{}|{}".format(partner, country, language).encode()
        return hmac.new(self.key, message, hashlib.sha256).hexdigest()[:MAC_HEX]

    def payload(
        self, partners: Sequence[PartnerService], partner: str, country: str, language: str
    ) -> str:
        """The start parameter for this partner, country and language; LinkError if any of
        them is wrong (the same checks `read` makes)."""
        _check(partners, partner, country, language)
        body = "{}_{}_{}".format(partner, country, language.replace("_", "-"))
        payload = "{}_{}".format(body, self._mac(partner, country, language))
        if len(payload) > MAX_PAYLOAD:
            raise LinkError(
                "the link would be {} characters; Telegram allows {} (use a shorter partner "
                "id)".format(len(payload), MAX_PAYLOAD)
            )
        return payload

    def read(self, payload: str, partners: Sequence[PartnerService]) -> EntryLink | None:
        """The partner, country and language a genuine payload names, or None."""
        match = _PAYLOAD.match(payload)
        if match is None:
            return None
        partner, country, language, mac = match.groups()
        language = language.replace("-", "_")
        if not hmac.compare_digest(mac, self._mac(partner, country, language)):
            return None
        try:
            _check(partners, partner, country, language)
        except LinkError:
            return None
        return EntryLink(partner_id=partner, country=country, language=language)


def _check(partners: Sequence[PartnerService], partner: str, country: str, language: str) -> None:
    if language not in LANGUAGES:
        raise LinkError("unknown language {!r}; one of {}".format(language, ", ".join(LANGUAGES)))
    found = next((p for p in partners if p.id == partner), None)
    if found is None:
        raise LinkError("no partner {!r} in the partners file".format(partner))
    if country not in {c.value for c in found.countries} or country == Country.OTHER.value:
        served = ", ".join(c.value for c in found.countries)
        raise LinkError("{} serves {}, not {!r}".format(partner, served, country))


def link_url(bot_username: str, payload: str) -> str:
    return "https://t.me/{}?start={}".format(bot_username.lstrip("@"), payload)


def write_qr(url: str, path: Path) -> None:
    """The link as a QR code: SVG (vector, for print) or PNG, by the file's suffix."""
    import qrcode
    import qrcode.image.svg

    suffix = path.suffix.lower()
    if suffix == ".svg":
        image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage)
    elif suffix == ".png":
        image = qrcode.make(url)
    else:
        raise LinkError("the QR code file must end in .svg or .png")
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        image.save(handle)
