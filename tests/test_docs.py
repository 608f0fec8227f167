"""The documents a newcomer reads agree with the code: the README stays short and its links work,
every environment variable the settings read is documented, the licence is the one declared,
and the image and the Makefile stay within their bounds."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# env.str("NAME", ...), env.int(...), env.db("NAME", ...), environ.Env().str("NAME", ...)
_ENV_READ = re.compile(r"""\benv(?:iron\.Env\(\))?\.[a-z_]+\(\s*["']([A-Z][A-Z0-9_]+)["']""")


def _variables_read(path: Path) -> set[str]:
    return set(_ENV_READ.findall(path.read_text()))


def test_the_settings_are_read_as_this_test_expects():
    """Guards the regex below: the settings read dozens of variables, DATABASE_URL among them."""
    names = _variables_read(ROOT / "verify" / "settings.py")
    assert len(names) > 60 and {"DATABASE_URL", "SECRET_KEY", "VERIFY_MATCH_AUTO"} <= names


@pytest.mark.parametrize("module", ["settings.py", "test_settings.py"])
def test_every_variable_the_settings_read_is_documented(module):
    documented = set(re.findall(r"`([A-Z][A-Z0-9_]+)`", (ROOT / "docs" / "configuration.md").read_text()))
    missing = _variables_read(ROOT / "verify" / module) - documented
    assert not missing, f"document these in docs/configuration.md: {sorted(missing)}"


def test_the_readme_is_short():
    assert len((ROOT / "README.md").read_bytes()) <= 8 * 1024


@pytest.mark.parametrize(
    "document",
    [
        "README.md",
        "CONTRIBUTING.md",
        "docs/figures.md",
        "docs/architecture.md",
        "docs/operations.md",
        "docs/pipeline.md",
        "docs/desk.md",
        "docs/api.md",
    ],
)
def test_relative_links_point_at_files_that_exist(document):
    path = ROOT / document
    targets = re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", path.read_text())
    broken = [t for t in targets if "://" not in t and not (path.parent / t).exists()]
    assert not broken, broken


def test_the_licence_is_the_one_pyproject_declares():
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["license"]
    text = (ROOT / "LICENSE").read_text()
    assert declared == "AGPL-3.0-or-later"
    assert text.startswith("GNU AFFERO GENERAL PUBLIC LICENSE\nVersion 3, 19 November 2007")
    assert "13. Remote Network Interaction" in text and "END OF TERMS AND CONDITIONS" in text


def test_the_image_copies_no_environment_state_or_history():
    ignored = {line.strip() for line in (ROOT / ".dockerignore").read_text().splitlines()}
    assert {".venv", "var/", "*.sqlite3", ".git", "__pycache__/", ".pytest_cache/"} <= ignored


def test_the_makefile_installs_no_system_packages():
    """The docs say how to install wrk and Chromium; CI (.ci/run) installs what it needs."""
    commands = re.sub(r"#.*", "", (ROOT / "Makefile").read_text())
    assert "apt-get" not in commands and "apt " not in commands


def test_every_pinned_dependency_has_its_reason_in_the_architecture_doc():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    pinned = project["dependencies"] + project["optional-dependencies"]["dev"]
    doc = (ROOT / "docs" / "architecture.md").read_text()
    table = doc[doc.index("## Why each dependency") :].lower().replace("_", "-")
    names = [re.split(r"[\[=<>~ ]", spec, maxsplit=1)[0].lower().replace("_", "-") for spec in pinned]
    missing = [name for name in names if name not in table]
    assert not missing, f"say why in docs/architecture.md: {missing}"
