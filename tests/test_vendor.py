"""The Vega files the site serves: pinned to Altair's versions, integrity-checked."""

from __future__ import annotations

import io
import tarfile
from pathlib import Path

import pytest
from altair.vegalite.v6 import display

from book import vendor


def test_pins_match_what_altair_expects() -> None:
    versions = {p.name: p.version for p in vendor.PACKAGES}
    assert versions["vega-lite"] == display.VEGALITE_VERSION
    assert versions["vega"].split(".")[0] == display.VEGA_VERSION.split(".")[0]
    assert (
        versions["vega-embed"].split(".")[0] == display.VEGAEMBED_VERSION.split(".")[0]
    )
    assert vendor.script_names() == [
        f"vega@{versions['vega']}.min.js",
        f"vega-lite@{versions['vega-lite']}.min.js",
        f"vega-embed@{versions['vega-embed']}.min.js",
    ]


def test_cached_files_are_used_without_the_network(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GBA_BOOK_VENDOR_CACHE", str(tmp_path))
    target = vendor.cache_dir()
    target.mkdir(parents=True)
    for pkg in vendor.PACKAGES:
        (target / pkg.served_name).write_text("// cached")
        (target / f"{pkg.name}@{pkg.version}.LICENSE.txt").write_text("licence")

    def no_network(*args, **kwargs):
        raise AssertionError("the network was used although the files are cached")

    monkeypatch.setattr(vendor, "_fetch", no_network)
    paths = vendor.ensure_vendor()
    assert [p.name for p in paths] == vendor.script_names()


def test_a_tampered_download_is_rejected(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GBA_BOOK_VENDOR_CACHE", str(tmp_path))
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        for name, body in (
            ("package/build/vega.min.js", b"evil()"),
            ("package/LICENSE", b"x"),
        ):
            info = tarfile.TarInfo(name)
            info.size = len(body)
            tar.addfile(info, io.BytesIO(body))
    monkeypatch.setattr(vendor, "_fetch", lambda *a, **k: buffer.getvalue())
    with pytest.raises(RuntimeError, match="integrity check failed"):
        vendor.ensure_vendor()
    assert not list(vendor.cache_dir().glob("*.min.js"))


def test_the_real_cache_holds_the_pinned_files() -> None:
    for path in vendor.ensure_vendor():
        assert path.stat().st_size > 50_000
        assert (path.parent / path.name.replace(".min.js", ".LICENSE.txt")).exists()
