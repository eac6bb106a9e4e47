def test_healthz_answers_without_login_and_says_nothing_else(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"
