"""An S3-protocol server for the storage tests: the one ``.ci/run`` starts (its address in
``CIVICGRID_TEST_S3_ENDPOINT``), else moto's server started here for the session. The only such
server the package registries offer is moto; production runs MinIO or another store
(docs/deploy.md). Without moto the tests are skipped, unless ``CIVICGRID_REQUIRE_S3`` is set
(CI sets it), when they fail."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

import pytest

KEYS = {"access_key": "civicgrid-test", "secret_key": "civicgrid-test-secret"}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _up(endpoint: str, seconds: float = 20) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(endpoint, timeout=1)
            return True
        except Exception:
            time.sleep(0.2)
    return False


@pytest.fixture(scope="session")
def s3_endpoint():
    endpoint = os.environ.get("CIVICGRID_TEST_S3_ENDPOINT")
    if endpoint:
        if not _up(endpoint):
            pytest.fail(f"no S3-protocol server answers on {endpoint}")
        yield endpoint
        return
    beside = Path(sys.executable).parent / "moto_server"  # the virtualenv's, off the PATH
    server = str(beside) if beside.exists() else shutil.which("moto_server")
    if not server:
        message = "the storage tests need an S3-protocol server: pip install 'moto[server]'"
        if os.environ.get("CIVICGRID_REQUIRE_S3"):
            pytest.fail(message)
        pytest.skip(message)
    port = _free_port()
    process = subprocess.Popen(
        [server, "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    endpoint = f"http://127.0.0.1:{port}"
    try:
        if not _up(endpoint):
            pytest.fail(f"moto_server did not answer on {endpoint}")
        yield endpoint
    finally:
        process.terminate()
        process.wait(10)


@pytest.fixture
def s3_storage(s3_endpoint, settings):
    """The default storage on a fresh bucket of the S3 server; its boto3 client to look inside."""
    import boto3

    bucket = f"civicgrid-{uuid.uuid4().hex[:12]}"
    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        aws_access_key_id=KEYS["access_key"],
        aws_secret_access_key=KEYS["secret_key"],
        region_name="us-east-1",
    )
    client.create_bucket(Bucket=bucket)
    from config.settings import s3_storage as configured  # the settings' own, from the env

    environ = {
        "CIVICGRID_S3_BUCKET": bucket,
        "CIVICGRID_S3_ENDPOINT": s3_endpoint,
        "CIVICGRID_S3_REGION": "us-east-1",
        "CIVICGRID_S3_ACCESS_KEY": KEYS["access_key"],
        "CIVICGRID_S3_SECRET_KEY": KEYS["secret_key"],
    }
    settings.STORAGES = {**settings.STORAGES, "default": configured(environ)}
    client.bucket = bucket
    yield client
