"""The built wheel carries its migrations: a fresh venv with `pip install <wheel>` can migrate."""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent


@pytest.mark.slow
def test_wheel_installs_and_migrates(tmp_path, request):
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir",
                    str(dist), str(ROOT)], check=True, capture_output=True)
    wheel = next(dist.glob("tracker-*.whl"))
    env_dir = tmp_path / "venv"
    # Reuse this interpreter's site-packages for the dependencies: no network needed, and the
    # tracker package itself comes only from the wheel.
    venv.create(env_dir, with_pip=True, system_site_packages=False)
    python = env_dir / "bin" / "python"
    site = next(p for p in sys.path if p.endswith("site-packages"))
    (next((env_dir / "lib").glob("python*")) / "site-packages" / "deps.pth").write_text(site)
    subprocess.run([python, "-m", "pip", "install", "--no-deps", "--no-index", "-q", str(wheel)],
                   check=True, capture_output=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRACKER_")}
    env["TRACKER_DATABASE_URL"] = f"sqlite:///{tmp_path / 'wheel.db'}"
    env["TRACKER_CONFIG"] = str(tmp_path / "empty.toml")
    (tmp_path / "empty.toml").write_text("")
    tracker = env_dir / "bin" / "tracker"
    out = subprocess.run([tracker, "db", "upgrade"], check=True, capture_output=True, text=True,
                         env=env, cwd=tmp_path)
    assert "Database upgraded from empty to" in out.stdout
    # The package really came from the wheel, not from this checkout.
    probe = "from tracker.core.migrations import migrations_dir as m; print(m())"
    where = subprocess.run([python, "-c", probe],
                           check=True, capture_output=True, text=True, cwd=tmp_path, env=env)
    assert str(env_dir) in where.stdout
    if os.environ.get("TRACKER_TEST_POSTGRES_URL"):
        env["TRACKER_DATABASE_URL"] = request.getfixturevalue("pg_server").fresh(migrated=False)
        out = subprocess.run([tracker, "db", "upgrade"], capture_output=True, text=True, env=env,
                             cwd=tmp_path)
        assert out.returncode == 0, out.stderr
        assert "Database upgraded from empty to" in out.stdout
