"""CI check: docker-compose.yml parses and has what production needs.

There is no Docker engine on CI, so this reads the file: the services,
one image for the app roles, health checks, a named volume, settings from .env.
"""

import sys
from pathlib import Path

import yaml

REQUIRED = {"postgres", "redis", "web", "worker", "worker-matching", "beat"}
APP_ROLES = ("web", "worker", "worker-matching", "beat")


def main(path: str) -> int:
    compose = yaml.safe_load(Path(path).read_text())
    problems = []
    services = compose.get("services") or {}
    missing = REQUIRED - services.keys()
    if missing:
        problems.append(f"missing services: {sorted(missing)}")
    images = {services[r].get("image") for r in APP_ROLES if r in services}
    if len(images) != 1 or None in images:
        problems.append(f"{', '.join(APP_ROLES)} must share one image, got {images}")
    if not all("build" in services.get(r, {}) or r != "web" for r in APP_ROLES):
        problems.append("web must build the image from the Dockerfile")
    for name in sorted(REQUIRED):
        if name in services and "healthcheck" not in services[name]:
            problems.append(f"service {name} has no healthcheck")
    for name in APP_ROLES:
        if name in services and ".env" not in (services[name].get("env_file") or []):
            problems.append(f"service {name} does not read .env")
    if not compose.get("volumes"):
        problems.append("no named volume for the database")
    if not Path(path).with_name("Dockerfile").is_file():
        problems.append("Dockerfile is missing")
    for problem in problems:
        print(f"docker-compose: {problem}", file=sys.stderr)
    if not problems:
        print(f"docker-compose: {path} parses; services {sorted(services)}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "docker-compose.yml"))
