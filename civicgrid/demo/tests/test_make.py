"""How `make demo` and `make serve` start the server: each gunicorn its own control socket, and
the periodic work beside it when there is no broker."""

import ast
import os
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


def recipe(target: str, **env: str) -> str:
    """The commands `make -n` would run for ``target`` (nothing is run)."""
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    environ = {**os.environ, **env}
    if "CELERY_BROKER_URL" not in env:
        environ.pop("CELERY_BROKER_URL", None)
    done = subprocess.run(
        ["make", "-n", "--no-print-directory", target],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def gunicorn_args(commands: str) -> list[str]:
    line = next(line for line in commands.splitlines() if "bin/gunicorn" in line)
    words = shlex.split(line.split("; fi;")[-1])
    return words[next(i for i, w in enumerate(words) if w.endswith("bin/gunicorn")) :]


@pytest.mark.parametrize("target", ["demo", "serve"])
def test_each_server_has_its_own_control_socket(target, tmp_path):
    sockets = set()
    for port in ("8765", "8766"):
        args = gunicorn_args(recipe(target, PORT=port, CIVICGRID_VAR_DIR=str(tmp_path)))
        assert f"127.0.0.1:{port}" in args
        assert "--control-socket" in args, "gunicorn's default socket is shared by every server"
        path = args[args.index("--control-socket") + 1]
        assert Path(path).is_absolute() and Path(path).parent == tmp_path
        sockets.add(path)
    assert len(sockets) == 2


@pytest.mark.parametrize("target", ["demo", "serve"])
def test_the_periodic_work_runs_beside_the_server_without_a_broker(target, tmp_path):
    commands = recipe(target, CIVICGRID_VAR_DIR=str(tmp_path))
    line = next(line for line in commands.splitlines() if "bin/gunicorn" in line)
    assert "civicgrid scheduler --exit-with-parent &" in line
    assert "trap 'kill $scheduler" in line  # Ctrl-C stops both
    assert 'if [ -z "$CELERY_BROKER_URL" ]' in line  # with a broker, beat does it


def test_the_benchmarks_server_has_no_shared_control_socket():
    source = (ROOT / "benchmarks" / "http_load.py").read_text()
    words = {n.value for n in ast.walk(ast.parse(source)) if isinstance(n, ast.Constant)}
    assert "gunicorn" in words
    assert "--no-control-socket" in words or "--control-socket" in words
