import base64

import pytest

from datasette_plugins.app import hash_password, make_datasette
from datasette_plugins.basic_auth import verify_password
from crackdown.settings import ServeSettings
from sample_publish_db import build_sample_db


def _basic(user, password):
    return {"Authorization": "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()}


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory):
    return build_sample_db(tmp_path_factory.mktemp("auth") / "crackdown.db")


async def test_private_instance_needs_the_password(sample_db):
    ds = make_datasette(sample_db, ServeSettings(auth_user="ana", auth_password="s3cret-ü"))
    for path in ["/", "/crackdown/articles.json", "/-/article/1", "/-/metadata.json"]:
        response = await ds.client.get(path)
        assert response.status_code == 401, path
        assert response.headers["www-authenticate"].startswith("Basic")
    assert (await ds.client.get("/", headers=_basic("ana", "wrong"))).status_code == 401
    assert (await ds.client.get("/", headers=_basic("bob", "s3cret-ü"))).status_code == 401
    ok = await ds.client.get("/crackdown/articles.json", headers=_basic("ana", "s3cret-ü"))
    assert ok.status_code == 200
    meta = (await ds.client.get("/-/metadata.json", headers=_basic("ana", "s3cret-ü"))).text
    assert "s3cret" not in meta  # only a salted hash is kept


async def test_public_by_default(sample_db):
    ds = make_datasette(sample_db)
    assert (await ds.client.get("/")).status_code == 200


def test_password_hash_round_trip():
    encoded = hash_password("pw")
    assert verify_password("pw", encoded) and not verify_password("px", encoded)
    assert not verify_password("pw", "garbage")


async def test_error_pages_do_not_print_the_credentials_to_the_server_log(sample_db, capfd):
    ds = make_datasette(sample_db, ServeSettings(auth_user="ana", auth_password="s3cret-ü"))
    headers = _basic("ana", "s3cret-ü")
    response = await ds.client.get("/crackdown/articles.json?_fact_planet=mars", headers=headers)
    assert response.status_code == 400
    response = await ds.client.get("/crackdown/nosuchtable", headers=headers)
    assert response.status_code == 404
    out, err = capfd.readouterr()
    token = headers["Authorization"].split()[1]
    assert token not in out + err and "authorization" not in (out + err).lower()
