"""The portal's texts in the catalogues: every one extracted (templates included) in the
"portal" context, apart from the survivor's; `latinize` and `absorb` keep the contexts."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po
from jinja2.ext import babel_extract

from bot import i18n_tools
from bot.i18n import DOMAIN, PORTAL_CONTEXT, default_locales_dir
from bot.i18n_tools import TEMPLATE_KEYWORDS, latinize, po_path, read_catalog

TEMPLATES = Path(__file__).resolve().parents[2] / "bot" / "web" / "templates"


def _template() -> Catalog:
    return read_catalog(default_locales_dir() / "messages.pot")


def _template_texts() -> set[str]:
    """What the templates mark, read straight from the files."""
    found: set[str] = set()
    for path in sorted(TEMPLATES.glob("*.html")):
        with path.open("rb") as handle:
            for _line, _func, message, _comments in babel_extract(
                handle, list(TEMPLATE_KEYWORDS), [], {}
            ):
                first = message if isinstance(message, str | None) else message[0]
                if first:  # `_(variable)` translates a text marked elsewhere
                    found.add(first)
    return found


def test_every_template_text_is_in_the_catalogue_in_the_portal_context() -> None:
    template = _template()
    texts = _template_texts()
    assert len(texts) > 200  # every page of the portal is marked
    missing = [t for t in texts if template.get(t, context=PORTAL_CONTEXT) is None]
    assert missing == []
    # Located in their templates, for the editor's "where it is shown".
    inbox = template.get("Download these cases as CSV", context=PORTAL_CONTEXT)
    assert inbox is not None
    assert ("bot/web/templates/inbox.html", None) in inbox.locations


def test_python_portal_texts_and_plurals_are_in_the_portal_context() -> None:
    template = _template()
    critical = template.get("Critical", context=PORTAL_CONTEXT)
    assert critical is not None and critical.locations[0][0] == "bot/web/wording.py"
    plural = template.get("{count} case", context=PORTAL_CONTEXT)
    assert plural is not None and plural.id == ("{count} case", "{count} cases")
    # The survivor's texts keep no context; the same English in both is two entries.
    assert template.get("Exit") is not None and template.get("Exit", context=PORTAL_CONTEXT) is None
    assert template.get("Something else") is not None
    assert template.get("Something else", context=PORTAL_CONTEXT) is not None


@pytest.mark.parametrize("code", ["sq", "sr", "sr_Latn", "bs", "hr", "cnr", "mk"])
def test_each_language_translates_the_same_english_apart_for_her_and_the_portal(
    code: str,
) -> None:
    catalogue = read_catalog(po_path(default_locales_dir(), code))
    hers = catalogue.get("Something else")
    portal = catalogue.get("Something else", context=PORTAL_CONTEXT)
    assert hers is not None and portal is not None
    assert hers.string and portal.string


def _write(path: Path, catalog: Catalog) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        write_po(handle, catalog)


def _catalog(entries: list[tuple[str | None, str, str]], flags: set[str] | None = None) -> Catalog:
    catalog = Catalog(domain=DOMAIN, locale=None)
    for context, msgid, text in entries:
        catalog.add(msgid, text, context=context, flags=flags or ())
    return catalog


def test_latinize_keeps_each_context_and_an_own_latin_wording(tmp_path: Path) -> None:
    _write(
        po_path(tmp_path, "sr"),
        _catalog(
            [
                (None, "Status", "Стање пријаве"),
                (PORTAL_CONTEXT, "Status", "Статус"),
                (PORTAL_CONTEXT, "Inbox", "Пријемно сандуче"),
            ]
        ),
    )
    _write(
        po_path(tmp_path, "sr_Latn"),
        _catalog([(PORTAL_CONTEXT, "Inbox", "Dolazni slučajevi")], flags={"override"}),
    )
    latinize(tmp_path)
    latin = read_catalog(po_path(tmp_path, "sr_Latn"))
    survivor = latin.get("Status")
    portal = latin.get("Status", context=PORTAL_CONTEXT)
    inbox = latin.get("Inbox", context=PORTAL_CONTEXT)
    assert survivor is not None and survivor.string == "Stanje prijave"
    assert portal is not None and portal.string == "Status"
    assert inbox is not None and inbox.string == "Dolazni slučajevi"  # its own text stays


def test_absorb_takes_their_portal_translations_into_the_right_context(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A merge where another branch translated portal texts: three-way, context by context."""
    ours = _catalog(
        [
            (None, "Status", "Stanje"),
            (PORTAL_CONTEXT, "Status", ""),
            (PORTAL_CONTEXT, "Inbox", "Pristigli slučajevi"),
        ]
    )
    theirs = _catalog(
        [
            (None, "Status", "Stanje"),
            (PORTAL_CONTEXT, "Status", "Status"),
            (PORTAL_CONTEXT, "Inbox", "Ulazni slučajevi"),
        ]
    )
    base = _catalog([(None, "Status", "Stanje"), (PORTAL_CONTEXT, "Inbox", "")])
    _write(po_path(tmp_path, "hr"), ours)

    def revision(rev: str, path: Path) -> Catalog | None:
        if path != po_path(tmp_path, "hr"):
            return None
        buffer = io.BytesIO()
        write_po(buffer, theirs if rev == "theirs" else base)
        return read_po(io.BytesIO(buffer.getvalue()), locale=None, domain=DOMAIN)

    monkeypatch.setattr(i18n_tools, "_catalog_at", revision)
    conflicts = i18n_tools.absorb(tmp_path, "theirs", "base")
    merged = read_catalog(po_path(tmp_path, "hr"))
    status = merged.get("Status", context=PORTAL_CONTEXT)
    inbox = merged.get("Inbox", context=PORTAL_CONTEXT)
    assert status is not None and status.string == "Status"  # ours was empty: theirs taken
    assert inbox is not None and inbox.string == "Pristigli slučajevi"  # both changed: ours
    assert conflicts == ["hr: Inbox"]
    survivor = merged.get("Status")
    assert survivor is not None and survivor.string == "Stanje"
