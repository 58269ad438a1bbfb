"""Countries and regions the bot routes for (OTHER means outside the seven), and their
names: msgids, translated where they are shown (her buttons in bot/flows, the
services list in bot/routing). Each place is defined here once.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from bot.domain.msgids import N_


class Country(str, enum.Enum):
    ALBANIA = "al"
    BOSNIA_AND_HERZEGOVINA = "ba"
    KOSOVO = "xk"
    MONTENEGRO = "me"
    NORTH_MACEDONIA = "mk"
    SERBIA = "rs"
    UNITED_KINGDOM = "gb"
    OTHER = "other"


class Region(str, enum.Enum):
    """Sub-national areas whose services differ."""

    # Bosnia and Herzegovina entities and district
    FEDERATION_BIH = "ba_fbih"
    REPUBLIKA_SRPSKA = "ba_rs"
    BRCKO = "ba_brcko"
    # United Kingdom nations
    ENGLAND = "gb_eng"
    WALES = "gb_wls"
    SCOTLAND = "gb_sct"
    NORTHERN_IRELAND = "gb_nir"


COUNTRY_NAMES: dict[Country, str] = {
    Country.ALBANIA: N_("Albania"),
    Country.BOSNIA_AND_HERZEGOVINA: N_("Bosnia and Herzegovina"),
    Country.KOSOVO: N_("Kosovo"),
    Country.MONTENEGRO: N_("Montenegro"),
    Country.NORTH_MACEDONIA: N_("North Macedonia"),
    Country.SERBIA: N_("Serbia"),
    Country.UNITED_KINGDOM: N_("United Kingdom"),
}
"""Every country but OTHER, in the order of her buttons."""


@dataclass(frozen=True)
class RegionInfo:
    country: Country
    name: str  # in the services list, beside the services of the region
    short: str | None = None  # on her button, where the name is too long for one

    @property
    def button(self) -> str:
        return self.short or self.name


_BA = Country.BOSNIA_AND_HERZEGOVINA
_GB = Country.UNITED_KINGDOM
REGIONS: dict[Region, RegionInfo] = {
    Region.FEDERATION_BIH: RegionInfo(
        _BA, N_("Federation of Bosnia and Herzegovina"), short=N_("Federation of BiH")
    ),
    Region.REPUBLIKA_SRPSKA: RegionInfo(_BA, N_("Republika Srpska")),
    Region.BRCKO: RegionInfo(_BA, N_("Brčko District")),
    Region.ENGLAND: RegionInfo(_GB, N_("England")),
    Region.WALES: RegionInfo(_GB, N_("Wales")),
    Region.SCOTLAND: RegionInfo(_GB, N_("Scotland")),
    Region.NORTHERN_IRELAND: RegionInfo(_GB, N_("Northern Ireland")),
}
"""Every region, in the order of her buttons."""

REGIONS_BY_COUNTRY: dict[Country, tuple[Region, ...]] = {
    country: tuple(r for r, info in REGIONS.items() if info.country is country)
    for country in dict.fromkeys(info.country for info in REGIONS.values())
}
