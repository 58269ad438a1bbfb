"""Catalogue commands: `python -m bot.i18n_tools extract|update|latinize|compile|absorb`.

Catalogues are written without line numbers and with a fixed creation date, so
that two branches that both add strings differ only where their strings do;
`absorb` brings another branch's translations in after a merge (three-way).

Compilation reads each .po file without a Babel locale, because Babel has no
Montenegrin (`cnr`) and would silently use Serbian's rules; the plural rule
comes from the catalogue header, which `bot.i18n.LANGUAGES` defines.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import subprocess
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from bot.i18n import DOMAIN, LANGUAGES, PORTAL_CONTEXT, SOURCE_LANGUAGE, default_locales_dir
from bot.transliterate import cyrillic_to_latin

ROOT = Path(__file__).resolve().parent.parent
# A fixed date: the template is regenerated on every change, and a moving date would
# make every branch's catalogues conflict in their headers.
CREATION_DATE = dt.datetime(2026, 11, 28, tzinfo=dt.UTC)
KEYWORDS = {"_": None, "N_": None, "gettext": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2)}
# The portal's texts: `P_("…")` and `PN_("…", "…")` in Python, `_("…")` and
# `ngettext(…)` in its Jinja2 templates. Each is given the msgctxt "portal" (the
# portal looks them up with it).
PORTAL_PYTHON_KEYWORDS = {"P_": None, "PN_": (1, 2)}
TEMPLATE_KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2)}
TEMPLATES = "web/templates"


def po_path(locales: Path, code: str) -> Path:
    return locales / code / "LC_MESSAGES" / "{}.po".format(DOMAIN)


def extract(locales: Path) -> Catalog:
    """Collect every marked string of bot/ into bot/locales/messages.pot.

    The survivor's texts (`_`, `N_`, … in Python) keep their own context; the portal's
    (`P_` in Python and every text of bot/web/templates) are put in the "portal" context.
    """
    catalog = Catalog(
        project="Safe Report", version="1", charset="utf-8", creation_date=CREATION_DATE
    )
    passes: list[tuple[list[tuple[str, str]], dict[str, object], str | None]] = [
        ([("**.py", "python")], dict(KEYWORDS), None),
        ([("**.py", "python")], dict(PORTAL_PYTHON_KEYWORDS), PORTAL_CONTEXT),
        (
            [(TEMPLATES + "/**.html", "jinja2.ext:babel_extract")],
            dict(TEMPLATE_KEYWORDS),
            PORTAL_CONTEXT,
        ),
    ]
    for method_map, keywords, portal_context in passes:
        for filename, lineno, message, comments, context in extract_from_dir(
            str(ROOT / "bot"),
            method_map=method_map,
            keywords=keywords,  # type: ignore[arg-type]
            comment_tags=("TRANSLATORS:",),
            strip_comment_tags=True,
        ):
            catalog.add(
                message,
                None,
                [("bot/" + filename, lineno)],
                auto_comments=comments,
                context=portal_context or context,
            )
    # Survivor-visible free text of the services directory (hours, descriptions, notes).
    from bot.routing.directory import load_directory

    for text in sorted(load_directory().translatable_texts()):
        catalog.add(
            text,
            None,
            [("bot/routing/directory", 0)],
            auto_comments=["From the services directory data files."],
        )
    locales.mkdir(parents=True, exist_ok=True)
    with (locales / "{}.pot".format(DOMAIN)).open("wb") as handle:
        write_po(handle, catalog, width=100, sort_output=True, include_lineno=False)
    return catalog


def read_catalog(path: Path) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale=None, domain=DOMAIN)


def update(locales: Path) -> None:
    """Bring every language's .po in step with the template, keeping translations."""
    template = extract(locales)
    for code, language in LANGUAGES.items():
        if code == SOURCE_LANGUAGE:
            continue
        path = po_path(locales, code)
        catalog = read_catalog(path) if path.exists() else Catalog(domain=DOMAIN)
        catalog.update(template, no_fuzzy_matching=True)
        setattr(catalog, "locale", None)  # noqa: B010
        set_plural_rule(catalog, code)
        catalog.language_team = language.english_name
        catalog.project = "Safe Report"
        catalog.version = "1"
        catalog.fuzzy = False
        catalog.obsolete.clear()
        path.parent.mkdir(parents=True, exist_ok=True)
        write_catalog(path, catalog, code)


def set_plural_rule(catalog: Catalog, code: str) -> None:
    """Our plural rule, not Babel's guess from a locale it may not know."""
    language = LANGUAGES[code]
    setattr(catalog, "_num_plurals", language.nplurals)  # noqa: B010
    setattr(catalog, "_plural_expr", language.plural_expr)  # noqa: B010


REVIEW_HEADER = "X-Review-Status"


def review_status(path: Path) -> str | None:
    """The catalogue's review status header (Babel drops unknown headers on read).

    Only the header entry is read (it ends at the first blank line): the editor asks
    for every text it lists, and a whole catalogue each time made its pages slow."""
    if not path.exists():
        return None
    in_header = False
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            line = line.rstrip("\n")
            if line.startswith('"{}: '.format(REVIEW_HEADER)):
                return line[len(REVIEW_HEADER) + 3 :].removesuffix('\\n"')
            if line.startswith("msgid "):
                in_header = True
            elif in_header and not line.strip():
                return None
    return None


def write_catalog(path: Path, catalog: Catalog, code: str) -> None:
    """Write a .po file with our own Language header (Babel would drop `cnr`)."""
    status = review_status(path) or "not yet reviewed by a native speaker"
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=100, sort_output=True, include_lineno=False)
    text = buffer.getvalue().decode("utf-8")
    header_end = text.index("\n\n")
    header = "\n".join(
        line for line in text[:header_end].splitlines() if not line.startswith('"Language: ')
    )
    header = header.replace('"Language-Team:', '"Language: {}\\n"\n"Language-Team:'.format(code), 1)
    header = "\n".join(
        line for line in header.splitlines() if not line.startswith('"{}: '.format(REVIEW_HEADER))
    )
    header += '\n"{}: {}\\n"'.format(REVIEW_HEADER, status)
    # Babel names the language from its own locale data (Montenegrin would read Serbian).
    first, _sep, rest = header.partition("\n")
    if first.startswith("# ") and first.endswith(" translations for Safe Report."):
        first = "# {} translations for Safe Report.".format(LANGUAGES[code].english_name)
    header = first + "\n" + rest
    path.write_text(header + text[header_end:], encoding="utf-8")


OVERRIDE_FLAG = "override"


def latinize(locales: Path) -> int:
    """Regenerate sr_Latn from sr; entries flagged `override` keep their own text."""
    source = read_catalog(po_path(locales, "sr"))
    target_path = po_path(locales, "sr_Latn")
    target = read_catalog(target_path) if target_path.exists() else Catalog(domain=DOMAIN)
    changed = 0
    for message in source:
        if not message.id:
            continue
        existing = target.get(message.id, context=message.context)
        if existing is not None and OVERRIDE_FLAG in existing.flags:
            continue
        if isinstance(message.string, tuple):
            latin: str | tuple[str, ...] = tuple(cyrillic_to_latin(s) for s in message.string)
        else:
            latin = cyrillic_to_latin(str(message.string or ""))
        if existing is None:
            target.add(
                message.id,
                latin,
                message.locations,
                auto_comments=message.auto_comments,
                context=message.context,
            )
            changed += 1
        elif existing.string != latin:
            existing.string = latin
            changed += 1
    language = LANGUAGES["sr_Latn"]
    set_plural_rule(target, "sr_Latn")
    target.language_team = language.english_name
    target.project = "Safe Report"
    target.version = "1"
    target.fuzzy = False
    target_path.parent.mkdir(parents=True, exist_ok=True)
    write_catalog(target_path, target, "sr_Latn")
    return changed


def _catalog_at(rev: str, path: Path) -> Catalog | None:
    """The catalogue as it is in git revision `rev`, or None where it does not exist."""
    relative = path.resolve().relative_to(ROOT)
    shown = subprocess.run(
        ["git", "show", "{}:{}".format(rev, relative.as_posix())],
        cwd=ROOT,
        capture_output=True,
        check=False,
    )
    if shown.returncode != 0:
        return None
    return read_po(io.BytesIO(shown.stdout), locale=None, domain=DOMAIN)


def absorb(locales: Path, theirs: str, base: str) -> list[str]:
    """Bring the translations of git revision `theirs` into ours, three-way against `base`.

    For a merge whose catalogues conflict: check out ours, absorb theirs, then `update`.
    Their translation is taken where ours is missing or empty, or where ours is still
    the base's; where both changed it, ours stays and the conflict is returned.
    """
    conflicts: list[str] = []
    for code in LANGUAGES:
        if code == SOURCE_LANGUAGE:
            continue
        path = po_path(locales, code)
        ours = read_catalog(path) if path.exists() else Catalog(domain=DOMAIN)
        other = _catalog_at(theirs, path)
        if other is None:
            continue
        original = _catalog_at(base, path) or Catalog(domain=DOMAIN)
        for message in other:
            if not message.id or not message.string or not any(_forms(message.string)):
                continue
            mine = ours.get(message.id, context=message.context)
            before = original.get(message.id, context=message.context)
            base_string = before.string if before is not None else None
            if mine is None:
                ours[message.id] = message
            elif not mine.string or not any(_forms(mine.string)) or mine.string == base_string:
                mine.string = message.string
                mine.flags.update(message.flags)
            elif mine.string != message.string and message.string != base_string:
                conflicts.append("{}: {}".format(code, _forms(message.id)[0][:60]))
        set_plural_rule(ours, code)
        write_catalog(path, ours, code)
    return conflicts


def _forms(value: str | tuple[str, ...] | list[str]) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else tuple(value)


def compile_all(locales: Path) -> int:
    count = 0
    for code in LANGUAGES:
        path = po_path(locales, code)
        if not path.exists():
            continue
        catalog = read_catalog(path)
        set_plural_rule(catalog, code)
        with path.with_suffix(".mo").open("wb") as handle:
            write_mo(handle, catalog, use_fuzzy=False)
        count += 1
    return count


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.i18n_tools")
    parser.add_argument("command", choices=("extract", "update", "latinize", "compile", "absorb"))
    parser.add_argument("--locales", type=Path, default=default_locales_dir())
    parser.add_argument("--theirs", help="absorb: the git revision to take translations from")
    parser.add_argument("--base", help="absorb: the merge base (default: merge-base HEAD theirs)")
    args = parser.parse_args(argv)
    if args.command == "extract":
        catalog = extract(args.locales)
        print("{} messages extracted".format(len(catalog)))
    elif args.command == "update":
        update(args.locales)
        print("catalogues updated")
    elif args.command == "absorb":
        if not args.theirs:
            parser.error("absorb needs --theirs REV")
        base = (
            args.base
            or subprocess.run(
                ["git", "merge-base", "HEAD", args.theirs],
                cwd=ROOT,
                capture_output=True,
                text=True,
                check=True,
            ).stdout.strip()
        )
        conflicts = absorb(args.locales, args.theirs, base)
        for line in conflicts:
            print("both changed, ours kept:", line)
        print("absorbed translations from {} ({} conflicts)".format(args.theirs, len(conflicts)))
    elif args.command == "latinize":
        print("{} sr_Latn entries regenerated".format(latinize(args.locales)))
    else:
        print("{} catalogues compiled".format(compile_all(args.locales)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
