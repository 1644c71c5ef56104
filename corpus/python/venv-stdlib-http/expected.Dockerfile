FROM python:3.11 AS build
RUN python -m venv /opt/venv
ENV PATH="/opt/venv/bin:$PATH" \
    PYTHONUNBUFFERED=1
WORKDIR /srv/notes
COPY requirements.txt ./
RUN pip install --no-cache-dir --disable-pip-version-check -r requirements.txt
COPY server.py ./
COPY pages ./pages
EXPOSE 8080
CMD ["python", "server.py"]

# stagesplit: runtime stage: only what /opt/venv needs to run; build tools stay in "build"
FROM python:3.11-slim
ENV PATH="/opt/venv/bin:$PATH" \
    PYTHONUNBUFFERED=1
WORKDIR /srv/notes
# stagesplit: the program (pip install --no-cache-dir --disable-pip-version-check -r requirements.txt)
COPY --from=build /opt/venv /opt/venv
# stagesplit: read at run time: path from __file__('/srv/notes/pages') in server.py:7
COPY --from=build /srv/notes/pages /srv/notes/pages
# stagesplit: named by the command that starts the program
COPY --from=build /srv/notes/server.py /srv/notes/server.py
# stagesplit: carried: requirements.txt is in the program's folder /srv/notes (from the context)
COPY --from=build /srv/notes/requirements.txt /srv/notes/requirements.txt
EXPOSE 8080
CMD ["python", "server.py"]
