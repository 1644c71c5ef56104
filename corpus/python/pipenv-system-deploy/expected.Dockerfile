FROM python:3.11-bookworm AS build
ENV PIP_NO_CACHE_DIR=1 \
    PIPENV_NOSPIN=1
RUN pip install --upgrade pip pipenv
WORKDIR /usr/src/app
COPY Pipfile Pipfile.lock ./
RUN pipenv install --system --deploy --ignore-pipfile
COPY . .
EXPOSE 5000
CMD ["gunicorn", "--bind", "0.0.0.0:5000", "--access-logfile", "-", "quotes:app"]

# stagesplit: runtime stage: only what /usr/local/bin/gunicorn needs to run; build tools stay in "build"
FROM python:3.11-slim-bookworm
ENV PIP_NO_CACHE_DIR=1 \
    PIPENV_NOSPIN=1
WORKDIR /usr/src/app
# stagesplit: the program (pipenv install --system --deploy --ignore-pipfile)
COPY --from=build /usr/local/bin/gunicorn /usr/local/bin/gunicorn
# stagesplit: the program (pipenv install --system --deploy --ignore-pipfile)
COPY --from=build /usr/local/lib/python3.11/site-packages /usr/local/lib/python3.11/site-packages
# stagesplit: the program (pipenv install --system --deploy --ignore-pipfile)
COPY --from=build /usr/local/bin/flask /usr/local/bin/flask
# stagesplit: carried: Pipfile is in the program's folder /usr/src/app (from the context)
COPY --from=build /usr/src/app/Pipfile /usr/src/app/Pipfile
# stagesplit: carried: Pipfile.lock is in the program's folder /usr/src/app (from the context)
COPY --from=build /usr/src/app/Pipfile.lock /usr/src/app/Pipfile.lock
# stagesplit: carried: quotes is in the program's folder /usr/src/app (from the context)
COPY --from=build /usr/src/app/quotes /usr/src/app/quotes
EXPOSE 5000
CMD ["gunicorn", "--bind", "0.0.0.0:5000", "--access-logfile", "-", "quotes:app"]
