"""No container engine runs here, but Compose must accept the file as it stands."""

import os
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def compose_command() -> list[str]:
    docker = shutil.which("docker")
    if (
        docker
        and subprocess.run([docker, "compose", "version"], capture_output=True).returncode == 0
    ):
        return [docker, "compose"]
    legacy = shutil.which("docker-compose")
    assert legacy, "make test installs docker-compose; neither `docker compose` nor it was found"
    return [legacy]


def compose(*args, **env):
    return subprocess.run(
        [*compose_command(), *args],
        cwd=ROOT,
        env={"PATH": os.environ["PATH"], **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_compose_accepts_the_file_and_runs_every_part():
    result = compose("config", SECRET_KEY="x" * 50)
    assert result.returncode == 0, result.stderr
    for service in ("db:", "redis:", "web:", "proxy:", "worker:", "beat:", "mail:"):
        assert f"  {service}" in result.stdout
    assert "migrate --noinput && exec gunicorn" in result.stdout
    assert "celery" in result.stdout and "beat" in result.stdout
    # The web app is reached through the proxy only, which serves the static files it writes.
    assert "8000:8000" not in result.stdout
    assert "nginx.conf.template" in result.stdout and "edge_pages" in result.stdout


def test_the_proxys_template_fills_in_from_the_compose_files_settings():
    """Every ${PROXY_...} the template reads is set by the compose file (the image's envsubst
    would leave a missing one empty, and nginx would refuse the file)."""
    import re

    template = (ROOT / "bexley_qa" / "deploy" / "nginx.conf.template").read_text()
    compose_file = (ROOT / "docker-compose.yml").read_text()
    needed = set(re.findall(r"\$\{(PROXY_[A-Z_]+)\}", template))
    assert needed and all(f"      {name}:" in compose_file for name in needed), needed


def test_compose_refuses_to_start_without_a_secret_key():
    result = compose("config")
    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr
