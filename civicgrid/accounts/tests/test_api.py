def test_role_assignments_for_administrators_in_scope(client, loop):
    from civicgrid.accounts import services as accounts
    from civicgrid.accounts.choices import Role

    admin = accounts.user_create(username="street_admin", password="pw-for-tests-123")
    accounts.role_assign(user=admin, unit=loop.street_office, role=Role.ADMIN)
    _t, key = accounts.token_create(user=admin, name="a")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    data = client.get("/api/v1/role-assignments", {"limit": 500}, **auth).json()
    names = {a["username"] for a in data["items"]}
    # the street's people (grid work station, street office) but not the district's centre
    assert {"supervisor", "street_admin"} <= names and "operator" not in names
    only = client.get("/api/v1/role-assignments", {"role": "supervisor"}, **auth).json()
    assert {a["role"] for a in only["items"]} == {"supervisor"}
    # a handler manages no one: an empty list
    _t, key = accounts.token_create(user=loop.handler, name="h")
    none = client.get("/api/v1/role-assignments", HTTP_AUTHORIZATION=f"Bearer {key}").json()
    assert none["items"] == []
