"""docs/carriers.md is the adapters' own account of their sources and code tables."""

from halte.carriers.adapters import all_adapters
from halte.carriers.docs import DOCS_PATH, render_carrier_docs


def test_committed_carrier_docs_match_the_adapters() -> None:
    assert DOCS_PATH.read_text() == render_carrier_docs(), (
        "carrier adapters changed: run `make carrier-docs` and commit docs/carriers.md"
    )


def test_every_mapped_code_has_a_row_in_the_docs() -> None:
    docs = DOCS_PATH.read_text()
    for adapter in all_adapters():
        assert f"## {adapter.SLUG}" in docs.lower() or f"(`{adapter.SLUG}`)" in docs
        for code in adapter.STATUS_MAP:
            assert f"| `{code.replace('|', chr(92) + '|')}` |" in docs, (adapter.SLUG, code)
