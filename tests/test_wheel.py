"""The built wheel is the whole package and nothing else, carries its migrations, and runs from
a fresh environment without the checkout."""

from __future__ import annotations

import os
import subprocess
import zipfile
from pathlib import Path

import pytest

from tests.wheelenv import DISTRIBUTION, ROOT, build_wheel, copy_sources, install_wheel


@pytest.mark.slow
def test_wheel_installs_and_migrates(tmp_path, request):
    wheel = build_wheel(tmp_path)
    shipped = {name for name in zipfile.ZipFile(wheel).namelist() if name.startswith("tracker/")}
    expected = {str(p.relative_to(ROOT)) for p in (ROOT / "tracker").rglob("*")
                if p.suffix in (".py", ".j2", ".css") and "__pycache__" not in p.parts}
    expected |= {"tracker/migrations/" + str(p.relative_to(ROOT / "alembic"))
                 for p in (ROOT / "alembic").rglob("*")
                 if p.suffix in (".py", ".mako") and "__pycache__" not in p.parts}
    assert shipped == expected

    python, tracker = install_wheel(wheel, tmp_path / "venv")
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRACKER_")}
    env["TRACKER_DATABASE_URL"] = f"sqlite:///{tmp_path / 'wheel.db'}"
    env["TRACKER_CONFIG"] = str(tmp_path / "empty.toml")
    (tmp_path / "empty.toml").write_text("")
    out = subprocess.run([tracker, "db", "upgrade"], check=True, capture_output=True, text=True,
                         env=env, cwd=tmp_path)
    assert "Database upgraded from empty to" in out.stdout
    # The package and its migrations really come from the environment, not from this checkout.
    probe = ("import tracker; from tracker.core.migrations import migrations_dir as m;"
             " print(tracker.__file__); print(m())")
    where = subprocess.run([python, "-c", probe], check=True, capture_output=True, text=True,
                           cwd=tmp_path, env=env).stdout.split()
    assert all(Path(p).is_relative_to(tmp_path / "venv") for p in where), where
    if os.environ.get("TRACKER_TEST_POSTGRES_URL"):
        env["TRACKER_DATABASE_URL"] = request.getfixturevalue("pg_server").fresh(migrated=False)
        out = subprocess.run([tracker, "db", "upgrade"], capture_output=True, text=True, env=env,
                             cwd=tmp_path)
        assert out.returncode == 0, out.stderr
        assert "Database upgraded from empty to" in out.stdout


@pytest.mark.slow
def test_recipe_installs_the_wheel_over_an_installed_tracker(tmp_path):
    """Where the interpreter already has this version of tracker installed from a wheel (not
    editable), pip used to say "already satisfied" and leave the fresh environment without
    the package; the recipe installs it anyway (--ignore-installed)."""
    wheel = build_wheel(tmp_path)
    outer, _ = install_wheel(wheel, tmp_path / "outer")
    probe = ("import sys; from pathlib import Path; sys.path.insert(0, sys.argv[1]);"
             " from tests.wheelenv import install_wheel;"
             " print(install_wheel(Path(sys.argv[2]), Path(sys.argv[3]))[1])")
    out = subprocess.run([outer, "-c", probe, str(ROOT), str(wheel), str(tmp_path / "inner")],
                         capture_output=True, text=True, cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    inner = Path(out.stdout.strip())
    assert subprocess.run([inner, "--version"], capture_output=True, text=True,
                          check=True).stdout.startswith("tracker, version")


@pytest.mark.slow
def test_distribution_metadata_and_licence(tmp_path):
    """Published as `vervolgafspraken` ("tracker" on the package index is another project's),
    with the EUPL's text, its SPDX expression, classifiers and project URLs."""
    import email

    wheel = build_wheel(tmp_path)
    assert wheel.name.startswith(f"{DISTRIBUTION}-")
    with zipfile.ZipFile(wheel) as archive:
        info = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
        metadata = email.message_from_bytes(archive.read(info))
        licence = archive.read(info.replace("METADATA", "licenses/LICENSE")).decode()
        scripts = archive.read(info.replace("METADATA", "entry_points.txt")).decode()
    assert metadata["Name"] == DISTRIBUTION
    assert metadata["License-Expression"] == "EUPL-1.2"
    assert metadata.get_all("License-File") == ["LICENSE"]
    assert "EUROPEAN UNION PUBLIC LICENCE v. 1.2" in licence and "Appendix" in licence
    assert "Natural Language :: Dutch" in metadata.get_all("Classifier")
    assert any(url.startswith("License, https://") for url in metadata.get_all("Project-URL"))
    assert "tracker = tracker.entry:main" in scripts


@pytest.mark.slow
def test_builds_with_the_oldest_setuptools_it_declares(tmp_path):
    """`requires = ["setuptools>=68"]` allowed a setuptools that cannot read the SPDX licence
    string; the declared minimum must build. Needs the package index (as CI has)."""
    import re
    import tomllib
    import venv

    requires = tomllib.loads((ROOT / "pyproject.toml").read_text())["build-system"]["requires"]
    (minimum,) = [re.fullmatch(r"setuptools>=([\d.]+)", r).group(1) for r in requires
                  if r.startswith("setuptools")]
    venv.create(tmp_path / "env", with_pip=True)
    python = tmp_path / "env" / "bin" / "python"
    got = subprocess.run([python, "-m", "pip", "install", "--quiet", f"setuptools=={minimum}.*"],
                         capture_output=True, text=True)
    if got.returncode:
        pytest.skip(f"setuptools {minimum} not to be had from the package index: {got.stderr}")
    build = subprocess.run([python, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                            "--wheel-dir", str(tmp_path / "dist"), str(copy_sources(tmp_path))],
                           capture_output=True, text=True)
    assert build.returncode == 0, build.stderr[-2000:]
    assert list((tmp_path / "dist").glob(f"{DISTRIBUTION}-*.whl"))
