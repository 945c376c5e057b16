"""docs/design.md is the contract: the commands, web paths and exit codes its tables list are the ones the code
has. The tables are read from the page itself, so an edit to either side that leaves the other behind fails."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import typer.main
from starlette.routing import Match, Mount, Route

import kg.cli
from kg.cli.app import app as cli_app

ROOT = Path(__file__).resolve().parent.parent
DESIGN = ROOT / "docs" / "design.md"
EXAMPLE = ROOT / "examples" / "contoh-kota-bandung.csv"
#: A sample value for each placeholder of a documented path, so that the path can be routed.
SAMPLES = {
    "version": "0.4.0",
    "path": "region/32.73",
    "name": "meta",
    "notation": "MOB-01",
    "code": "32.73",
}


def _section(title: str) -> str:
    """The text of the ``##`` section whose heading starts with ``title`` (up to the next ``##``)."""
    text = DESIGN.read_text(encoding="utf-8")
    match = re.search(rf"^## {re.escape(title)}.*?$(.*?)(?=^## |\Z)", text, flags=re.M | re.S)
    assert match, f"docs/design.md has no section {title!r}"
    return match.group(1)


def _first_column(section: str) -> list[str]:
    """The first cell of each body row of the section's first table (``|``-escaped bars kept as text)."""
    rows = [line for line in section.splitlines() if line.startswith("|")]
    cells = [re.split(r"(?<!\\)\|", row)[1].strip() for row in rows[2:]]
    assert cells, "the section has no table"
    return cells


def _commands() -> dict[str, object]:
    return typer.main.get_command(cli_app).commands  # type: ignore[attr-defined]


def test_the_commands_listed_are_the_commands_of_the_cli():
    listed = {re.match(r"`([a-z-]+)", cell).group(1) for cell in _first_column(_section("Commands"))}
    assert listed == set(_commands())


def test_the_options_listed_with_each_command_exist():
    commands = _commands()
    missing = []
    for cell in _first_column(_section("Commands")):
        name = re.match(r"`([a-z-]+)", cell).group(1)
        options = {opt for param in commands[name].params for opt in (*param.opts, *param.secondary_opts)}
        for option in re.findall(r"(?<![\w-])(--?[a-z][a-z-]*)", cell):
            if option not in options:
                missing.append(f"{name} {option}")
    assert not missing


def test_the_exit_codes_listed_are_the_codes_the_cli_uses():
    listed = {int(cell) for cell in _first_column(_section("Exit codes"))}
    used = {0, 1, 2, kg.cli.EXIT_INTERNAL_ERROR, kg.cli.EXIT_INTERRUPTED, kg.cli.EXIT_BROKEN_PIPE}
    assert listed == used


def _kotacerdas(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, text=True, cwd=cwd, timeout=300)


@pytest.mark.slow
def test_exit_codes_0_1_and_2_mean_what_the_page_says(tmp_path):
    conforming = _kotacerdas("validate", str(EXAMPLE), "--format", "json", cwd=tmp_path)
    assert conforming.returncode == 0, conforming.stderr
    broken = tmp_path / "rusak.csv"
    lines = EXAMPLE.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    row = lines[1].split(",")
    row[header.index("inisiatif")] = "XYZ-99"  # no such initiative: a violation on this row and column
    broken.write_text("\n".join([lines[0], ",".join(row)]) + "\n", encoding="utf-8")
    violating = _kotacerdas("validate", str(broken), "--format", "json", cwd=tmp_path)
    assert violating.returncode == 1, violating.stderr
    assert '"conforms": false' in violating.stdout and '"column": "inisiatif"' in violating.stdout
    unreadable = _kotacerdas("validate", str(tmp_path / "tidak-ada.csv"), cwd=tmp_path)
    assert unreadable.returncode == 2
    assert len(unreadable.stderr.strip().splitlines()) == 1 and "Traceback" not in unreadable.stderr


@pytest.fixture(scope="module")
def web_routes() -> list:
    from kg.web.app import create_app
    from kg.web.settings import ServeSettings

    # a remote dataset is not contacted until a request needs it: the routes are all this test reads
    web = create_app(ServeSettings(endpoint="http://127.0.0.1:9/sparql", access_log=False))
    return list(web.routes)


def _route_for(routes: list, path: str, method: str) -> Route | Mount | None:
    scope = {"type": "http", "path": path, "method": method, "root_path": ""}
    for route in routes:
        match, _ = route.matches(scope)
        if match is Match.FULL:
            return route
    return None


def _documented_paths(*, planned: bool = True) -> list[str]:
    """The paths of the web table (those marked *(planned)* only with ``planned``)."""
    rows = [line for line in _section("Web paths").splitlines() if line.startswith("|")][2:]
    return [re.match(r"\|\s*`([^`]+)`", row).group(1) for row in rows if planned or "*(planned)*" not in row]


def test_every_web_path_listed_is_served(web_routes):
    unrouted = []
    for documented in _documented_paths(planned=False):
        path = re.sub(r"\{(\w+)\}", lambda m: SAMPLES.get(m.group(1), "x"), documented)
        route = _route_for(web_routes, path, "GET")
        # data IRIs are answered by the catch-all of linked data; every other path has its own route
        if route is None or (route.path == "/{path:path}" and not path.startswith(("/id/", "/graph/"))):
            unrouted.append(documented)
    assert not unrouted, f"docs/design.md lists paths the server does not route: {unrouted}"
    upload = _route_for(web_routes, "/validate", "POST")
    assert upload is not None and upload.path == "/validate"


def test_every_path_the_server_routes_is_listed(web_routes):
    def first_segment(path: str) -> str:
        return path.strip("/").split("/")[0].split(".{")[0]

    documented = {first_segment(path) for path in _documented_paths()}
    routed = {first_segment(route.path) for route in web_routes if isinstance(route, Route)}
    internal = {"_local", "{path:path}"}
    assert routed - internal <= documented, f"routes docs/design.md does not list: {routed - internal - documented}"
