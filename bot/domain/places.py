"""Countries and regions the bot routes for; OTHER means outside the seven."""

from __future__ import annotations

import enum


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


REGIONS_BY_COUNTRY: dict[Country, tuple[Region, ...]] = {
    Country.BOSNIA_AND_HERZEGOVINA: (
        Region.FEDERATION_BIH,
        Region.REPUBLIKA_SRPSKA,
        Region.BRCKO,
    ),
    Country.UNITED_KINGDOM: (
        Region.ENGLAND,
        Region.WALES,
        Region.SCOTLAND,
        Region.NORTHERN_IRELAND,
    ),
}
