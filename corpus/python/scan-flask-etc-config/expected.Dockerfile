FROM python:3.11 AS build
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY deploy/notes.toml /etc/notes/config.toml
COPY data/ /srv/notes/
COPY . .
EXPOSE 8000
CMD ["gunicorn", "--bind", "0.0.0.0:8000", "--workers", "2", "wsgi:app"]

# stagesplit: runtime stage: only what /usr/local/bin/gunicorn needs to run; build tools stay in "build"
FROM python:3.11-slim
WORKDIR /app
# stagesplit: the program (pip install --no-cache-dir -r requirements.txt)
COPY --from=build /usr/local/bin/gunicorn /usr/local/bin/gunicorn
# stagesplit: the program (pip install --no-cache-dir -r requirements.txt)
COPY --from=build /usr/local/lib/python3.11/site-packages /usr/local/lib/python3.11/site-packages
# stagesplit: the program (pip install --no-cache-dir -r requirements.txt)
COPY --from=build /usr/local/bin/flask /usr/local/bin/flask
# stagesplit: read at run time: open('/etc/notes/config.toml') in notes/__init__.py:13
COPY --from=build /etc/notes/config.toml /etc/notes/config.toml
# stagesplit: read at run time: Flask template_folder('/app/templates') in notes/__init__.py:15
COPY --from=build /app/templates /app/templates
# stagesplit: read at run time: Path.glob('/srv/notes') in notes/store.py:10
COPY --from=build /srv/notes /srv/notes
# stagesplit: carried: data is in the program's folder /app (from the context)
COPY --from=build /app/data /app/data
# stagesplit: carried: deploy is in the program's folder /app (from the context)
COPY --from=build /app/deploy /app/deploy
# stagesplit: carried: notes is in the program's folder /app (from the context)
COPY --from=build /app/notes /app/notes
# stagesplit: carried: requirements.txt is in the program's folder /app (from the context)
COPY --from=build /app/requirements.txt /app/requirements.txt
# stagesplit: carried: wsgi.py is in the program's folder /app (from the context)
COPY --from=build /app/wsgi.py /app/wsgi.py
EXPOSE 8000
CMD ["gunicorn", "--bind", "0.0.0.0:8000", "--workers", "2", "wsgi:app"]
