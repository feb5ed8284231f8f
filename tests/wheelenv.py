"""tracker as users install it: a wheel built from a clean copy of the sources, installed into
a fresh virtual environment. Shared by tests/test_wheel.py and bench/run.py.

No network: the fresh environment sees this interpreter's site-packages for the dependencies
(a .pth file), and pip installs the wheel with --ignore-installed, so the tracker it runs is
the wheel's even where this interpreter has tracker installed too (editable or not)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DISTRIBUTION = "vervolgafspraken"  # the name on the package index; the package is `tracker`
# Never copied into the build: environments, caches, build output (a stale build/lib would put
# modules that no longer exist into the wheel), generated data.
_NOT_SOURCES = shutil.ignore_patterns(".git", ".venv", "build", "dist", "var", "__pycache__",
                                      "*.egg-info", ".pytest_cache", ".hypothesis",
                                      ".ruff_cache", "data")


def copy_sources(work: Path) -> Path:
    """A clean copy of the checkout's sources in work/source (a build writes into its tree)."""
    source = work / "source"
    shutil.rmtree(source, ignore_errors=True)
    shutil.copytree(ROOT, source, ignore=_NOT_SOURCES)
    return source


def build_wheel(work: Path) -> Path:
    """The wheel of the checkout, built in work/ from a copy of its sources."""
    source, dist = copy_sources(work), work / "dist"
    shutil.rmtree(dist, ignore_errors=True)
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir",
                    str(dist), str(source)], check=True, capture_output=True)
    return next(dist.glob(f"{DISTRIBUTION}-*.whl"))


def install_wheel(wheel: Path, env_dir: Path) -> tuple[Path, Path]:
    """A fresh virtual environment with the wheel installed; (its python, its tracker)."""
    shutil.rmtree(env_dir, ignore_errors=True)
    venv.create(env_dir, with_pip=True)
    sites = [p for p in sys.path if p.endswith("site-packages")]
    (next((env_dir / "lib").glob("python*")) / "site-packages" / "deps.pth").write_text(
        "\n".join(sites) + "\n")
    python = env_dir / "bin" / "python"
    subprocess.run([python, "-m", "pip", "install", "--quiet", "--no-deps", "--no-index",
                    "--ignore-installed", str(wheel)], check=True, capture_output=True)
    return python, env_dir / "bin" / "tracker"


def installed(work: Path) -> tuple[Path, Path]:
    """Build and install: (python, tracker) of a fresh environment under work/."""
    return install_wheel(build_wheel(work), work / "venv")
