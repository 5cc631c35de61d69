"""Copy the flags the site shows from the MIT-licensed flag-icons package (npm).

Takes the 4x3 SVGs of every current country code the gazetteer knows (historical states such as
SU or YU have no flag of their own) and the package's LICENSE into `templates/assets/flags/`,
which the build copies into the site. Fetch and unpack the package outside the repository first:

    cd /tmp && npm pack flag-icons && tar xzf flag-icons-*.tgz     # gives /tmp/package
    .venv/bin/python scripts/copy_flags.py /tmp/package
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "templates" / "assets" / "flags"
sys.path.insert(0, str(ROOT))

from dossier import countries  # noqa: E402


def copy_flags(package: Path, out: Path = OUT) -> list[str]:
    """Replace the SVGs in ``out`` with the package's; the codes that have no flag there."""
    source = package / "flags" / "4x3"
    if not source.is_dir():
        raise SystemExit(f"{source}: not found (give the folder unpacked from flag-icons' .tgz)")
    gaz = countries.load()
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*.svg"):
        old.unlink()
    missing = []
    for code in sorted(gaz.names):
        stem = gaz.flag(code)
        if not stem:
            continue
        if (source / f"{stem}.svg").is_file():
            shutil.copyfile(source / f"{stem}.svg", out / f"{stem}.svg")
        else:
            missing.append(code)
    shutil.copyfile(package / "LICENSE", out / "LICENSE")
    return missing


def main() -> None:
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    package = Path(sys.argv[1])
    missing = copy_flags(package)
    version = json.loads((package / "package.json").read_text(encoding="utf-8"))["version"]
    files = sorted(OUT.glob("*.svg"))
    size = sum(f.stat().st_size for f in files)
    print(f"flag-icons {version}: {len(files)} flags, {size / 1e6:.2f} MB in {OUT.relative_to(ROOT)}")
    if missing:
        print("no flag in the package for: " + ", ".join(missing))


if __name__ == "__main__":
    main()
