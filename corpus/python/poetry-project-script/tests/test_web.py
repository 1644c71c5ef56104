from bookshelf.web import app


def test_books():
    assert app.test_client().get("/books").status_code == 200
