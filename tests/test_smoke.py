from tests.factories import make_theme


def test_home_page_lists_the_themes(client, db):
    make_theme(name="Penanggulangan bencana")
    response = client.get("/")
    assert response.status_code == 200
    assert "Penanggulangan bencana" in response.content.decode()
