FROM python:3.11 AS build
ENV PYTHONUNBUFFERED=1 \
    POETRY_VIRTUALENVS_CREATE=false \
    POETRY_NO_INTERACTION=1
RUN pip install --no-cache-dir "poetry==1.8.3"
WORKDIR /srv/bookshelf
COPY pyproject.toml poetry.lock ./
RUN poetry install --only main --no-root --no-ansi
COPY . .
RUN poetry install --only main --no-ansi
EXPOSE 8000
CMD ["bookshelf", "--port", "8000"]

# stagesplit: runtime stage: only what /usr/local/bin/bookshelf needs to run; build tools stay in "build"
FROM python:3.11-slim
ENV PYTHONUNBUFFERED=1 \
    POETRY_VIRTUALENVS_CREATE=false \
    POETRY_NO_INTERACTION=1
WORKDIR /srv/bookshelf
# stagesplit: the program (poetry install --only main --no-ansi)
COPY --from=build /usr/local/bin/bookshelf /usr/local/bin/bookshelf
# stagesplit: the program (poetry install --only main --no-ansi)
COPY --from=build /usr/local/lib/python3.11/site-packages /usr/local/lib/python3.11/site-packages
# stagesplit: the program (poetry install --only main --no-ansi)
COPY --from=build /usr/local/bin/flask /usr/local/bin/flask
# stagesplit: the program (poetry install --only main --no-ansi)
COPY --from=build /usr/local/bin/waitress-serve /usr/local/bin/waitress-serve
# stagesplit: the program (poetry install --only main --no-ansi)
COPY --from=build /srv/bookshelf/pyproject.toml /srv/bookshelf/pyproject.toml
# stagesplit: carried: bookshelf is in the program's folder /srv/bookshelf (from the context)
COPY --from=build /srv/bookshelf/bookshelf /srv/bookshelf/bookshelf
# stagesplit: carried: poetry.lock is in the program's folder /srv/bookshelf (from the context)
COPY --from=build /srv/bookshelf/poetry.lock /srv/bookshelf/poetry.lock
# stagesplit: carried: tests is in the program's folder /srv/bookshelf (from the context)
COPY --from=build /srv/bookshelf/tests /srv/bookshelf/tests
EXPOSE 8000
CMD ["bookshelf", "--port", "8000"]
