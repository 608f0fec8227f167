"""CI check: docker-compose.yml parses and has what production needs.

There is no Docker engine on CI, so this reads the file: the services,
one image for the app roles, health checks, named volumes, settings from .env —
and what scaling out by role needs (issue 27): no two app roles (nor the
replicas of one scaled role) share a writable volume, no scaled service
publishes a fixed host port, and one beat. There is no exception: the matching
index, once a volume web and worker-matching shared, lives in each process's
memory, kept current from PostgreSQL (issue 27).
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

REQUIRED = {"postgres", "redis", "web", "worker", "worker-matching", "beat"}
APP_ROLES = ("web", "worker", "worker-matching", "beat")
# Roles run with `--scale N`: several containers of one service, possibly on several hosts.
SCALED = ("web", "worker", "worker-matching")


def app_services(services: dict) -> list[str]:
    """The app roles: the named ones plus any other service running the app's image (e.g. migrate)."""
    images = {services[r].get("image") for r in APP_ROLES if r in services} - {None}
    return sorted(n for n, s in services.items() if n in APP_ROLES or (s.get("image") in images and images))


def writable_volumes(service: dict, named: set[str]) -> set[str]:
    """What a service mounts read-write and could share: named volumes and host paths.

    An anonymous volume (a bare container path) is per container; ``:ro`` and read_only are read-only."""
    found = set()
    for mount in service.get("volumes") or []:
        if isinstance(mount, str):
            parts = mount.split(":")
            if len(parts) == 1:
                continue  # anonymous: one per container
            source, options = parts[0], parts[2] if len(parts) > 2 else ""
            if "ro" in options.split(","):
                continue
        else:
            if mount.get("type", "volume") not in ("volume", "bind") or mount.get("read_only"):
                continue
            source = mount.get("source")
            if not source:
                continue
        found.add(f"volume {source}" if source in named else f"host path {source}")
    for other in service.get("volumes_from") or []:
        found.add(f"the volumes of {other}")
    return found


def fixed_host_ports(service: dict) -> list[str]:
    """Published host ports a second replica could not bind (a bare container port is fine: Docker
    picks a free host port for each replica)."""
    fixed = []
    for port in service.get("ports") or []:
        if isinstance(port, dict):
            if port.get("published") not in (None, ""):
                fixed.append(str(port["published"]))
        else:
            spec = str(port).split("/")[0]
            if ":" in spec:
                fixed.append(spec)
    return fixed


def volume_problems(services: dict, named: set[str]) -> list[str]:
    """What app roles (or the replicas of a scaled one) share of writable volumes."""
    problems = []
    users: dict[str, set[str]] = {}
    for name in app_services(services):
        for volume in writable_volumes(services[name], named):
            users.setdefault(volume, set()).add(name)
    for volume, roles in sorted(users.items()):
        shared = len(roles) > 1 or any(r in SCALED for r in roles)
        if not shared:
            continue
        if len(roles) > 1:
            problems.append(f"app roles {', '.join(sorted(roles))} share the writable {volume}")
        else:
            problems.append(f"{volume} is writable by every replica of the scaled role {next(iter(roles))}")
    return problems


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
    named = set(compose.get("volumes") or {})
    if not named:
        problems.append("no named volume for the database")
    if not Path(path).with_name("Dockerfile").is_file():
        problems.append("Dockerfile is missing")
    problems += volume_problems(services, named)
    for name in SCALED:
        if name in services and (ports := fixed_host_ports(services[name])):
            problems.append(
                f"the scaled service {name} publishes fixed host ports {ports}: a second replica "
                "cannot bind them (publish through a proxy, or a container port only)"
            )
    beats = [n for n, s in services.items() if "beat" in " ".join(map(str, s.get("command") or []))]
    if len(beats) != 1:
        problems.append(f"one beat service expected, found {beats or 'none'}")
    elif ((services[beats[0]].get("deploy") or {}).get("replicas") or 1) > 1:
        problems.append(f"the beat service {beats[0]} has several replicas")
    for problem in problems:
        print(f"docker-compose: {problem}", file=sys.stderr)
    if not problems:
        print(f"docker-compose: {path} parses; services {sorted(services)}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "docker-compose.yml"))
