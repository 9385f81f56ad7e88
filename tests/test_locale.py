"""The Dutch catalogue is complete and its compiled form is up to date."""

from pathlib import Path

import polib

LOCALE = Path(__file__).resolve().parent.parent / "src" / "halte" / "locale" / "nl" / "LC_MESSAGES"


def test_dutch_catalogue_has_no_untranslated_or_fuzzy_entries() -> None:
    po = polib.pofile(str(LOCALE / "django.po"))
    assert po.untranslated_entries() == []
    assert po.fuzzy_entries() == []
    assert len(po.translated_entries()) > 50


def test_compiled_catalogue_matches_the_source() -> None:
    po = polib.pofile(str(LOCALE / "django.po"))
    mo = polib.mofile(str(LOCALE / "django.mo"))
    assert {e.msgid: e.msgstr for e in po if e.translated()} == {
        e.msgid: e.msgstr for e in mo if e.msgid
    }
