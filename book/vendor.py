"""Fetch the Vega JavaScript libraries the built book serves from its own site.

Charts must draw with the network cut (classrooms behind firewalls, mainland China,
trains), so the book never loads Vega from a CDN. At build time this module downloads
the three npm packages at pinned versions from a registry, checks each tarball
against its pinned Subresource-Integrity hash, and keeps the one minified file of
each (plus its licence) in a local cache. Nothing third-party is committed to the
repository.

The registry defaults to https://registry.npmjs.org and can be changed with the
``npm_config_registry`` environment variable (e.g. a mirror such as
https://registry.npmmirror.com for readers in mainland China); the integrity check
makes any mirror safe to use.
"""

from __future__ import annotations

import base64
import hashlib
import io
import os
import tarfile
import urllib.request
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "AXE",
    "PACKAGES",
    "VendorPackage",
    "cache_dir",
    "ensure_vendor",
    "script_names",
]


@dataclass(frozen=True)
class VendorPackage:
    """One pinned npm package and the file the book needs from it."""

    name: str
    version: str
    integrity: str
    file: str

    @property
    def served_name(self) -> str:
        """File name under ``_static/gba-vendor/`` (the version busts caches)."""
        return f"{self.name}@{self.version}.min.js"


# vega-lite must equal altair.vegalite.v6.display.VEGALITE_VERSION and the majors of
# vega and vega-embed must equal VEGA_VERSION and VEGAEMBED_VERSION (a test checks).
PACKAGES: tuple[VendorPackage, ...] = (
    VendorPackage(
        "vega",
        "6.4.0",
        "sha512-rHXCq2LpEWCLMjXBEj7hocY9G0/i5TGYRayGGSj06VTF4+l2IG2Z7oeZKCjWbUh/7hTE/mVhbaOPB72wCElh6g==",
        "build/vega.min.js",
    ),
    VendorPackage(
        "vega-lite",
        "6.4.1",
        "sha512-KO3ybHNouRK4A0al/+2fN9UqgTEfxrd/ntGLY933Hg5UOYotDVQdshR3zn7OfXwQ7uj0W96Vfa5R+QxO8am3IQ==",
        "build/vega-lite.min.js",
    ),
    VendorPackage(
        "vega-embed",
        "7.3.0",
        "sha512-wQ8s5GaSzqoKgmRfbRolgBrjE2CP7ZKHXqH7NijxMqPjpdWxSs4Dn8tvp9g0giQvh2cK+3p56sxjWWM0wNngGw==",
        "build/vega-embed.min.js",
    ),
)

AXE = VendorPackage(
    "axe-core",
    "4.14.1",
    "sha512-FHfa+lmNjQZfJz1q8wKqIDwC6DExcHt/pkjNQb09a3NPjCKg2rhu5qb2S4r76ASyFNNtuFooJpZe37OgudVGtQ==",
    "axe.min.js",
)
"""axe-core, the accessibility engine the tests run in the browser (never served)."""

DEFAULT_REGISTRY = "https://registry.npmjs.org"


def cache_dir() -> Path:
    """Folder that holds the fetched files: ``<repo>/.cache/static/gba-vendor``.

    Its parent is added to Sphinx's ``html_static_path``, so the files are served
    from ``_static/gba-vendor/``. ``GBA_BOOK_VENDOR_CACHE`` overrides the parent.
    """
    override = os.environ.get("GBA_BOOK_VENDOR_CACHE")
    root = (
        Path(override)
        if override
        else Path(__file__).resolve().parent.parent / ".cache" / "static"
    )
    return root / "gba-vendor"


def script_names() -> list[str]:
    """Served file names, in load order (vega, vega-lite, vega-embed)."""
    return [p.served_name for p in PACKAGES]


def _check_integrity(blob: bytes, integrity: str, what: str) -> None:
    algo, _, expected = integrity.partition("-")
    digest = base64.b64encode(hashlib.new(algo, blob).digest()).decode()
    if digest != expected:
        raise RuntimeError(
            f"{what}: integrity check failed (expected {integrity}, got "
            f"{algo}-{digest}); the registry served a different file"
        )


def _fetch(pkg: VendorPackage, registry: str, timeout: float) -> bytes:
    url = f"{registry.rstrip('/')}/{pkg.name}/-/{pkg.name}-{pkg.version}.tgz"
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.read()
    except OSError as exc:
        raise RuntimeError(
            f"could not download {pkg.name}@{pkg.version} from {url}: {exc}. The "
            "first build needs the npm registry (set npm_config_registry to use a "
            "mirror); later builds use the cache in .cache/static/gba-vendor."
        ) from exc


def ensure_vendor(
    *,
    verbose: bool = False,
    timeout: float = 60.0,
    packages: tuple[VendorPackage, ...] = PACKAGES,
    target: Path | None = None,
) -> list[Path]:
    """Make sure every pinned file is in the cache; return their paths.

    Parameters
    ----------
    verbose : bool
        Print a line per download.
    timeout : float
        Seconds to wait for the registry.
    packages : tuple of VendorPackage
        What to fetch (default: the Vega libraries the site serves).
    target : pathlib.Path, optional
        Cache folder (default: :func:`cache_dir`).

    Returns
    -------
    list of pathlib.Path
        The cached ``.min.js`` files in load order, with their licences beside them.

    """
    target = target or cache_dir()
    target.mkdir(parents=True, exist_ok=True)
    registry = (
        os.environ.get("npm_config_registry")  # noqa: SIM112 (npm's own spelling)
        or os.environ.get("NPM_CONFIG_REGISTRY")
        or DEFAULT_REGISTRY
    )
    paths = []
    for pkg in packages:
        dest = target / pkg.served_name
        licence = target / f"{pkg.name}@{pkg.version}.LICENSE.txt"
        if not (dest.exists() and licence.exists()):
            if verbose:
                print(f"fetching {pkg.name}@{pkg.version} from {registry}")
            blob = _fetch(pkg, registry, timeout)
            _check_integrity(blob, pkg.integrity, f"{pkg.name}@{pkg.version}")
            with tarfile.open(fileobj=io.BytesIO(blob), mode="r:gz") as tar:
                script = tar.extractfile(f"package/{pkg.file}")
                notice = tar.extractfile("package/LICENSE")
                if script is None or notice is None:
                    raise RuntimeError(
                        f"{pkg.name}@{pkg.version}: file missing in tarball"
                    )
                tmp = dest.with_suffix(".tmp")
                tmp.write_bytes(script.read())
                tmp.replace(dest)
                licence.write_bytes(notice.read())
        paths.append(dest)
    return paths
