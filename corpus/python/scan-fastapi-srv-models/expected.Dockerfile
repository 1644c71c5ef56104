FROM python:3.11 AS build
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
WORKDIR /code
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY models/ /srv/models/
COPY app/ /code/app/
EXPOSE 8000
CMD ["uvicorn", "app.main:app", "--host", "0.0.0.0", "--port", "8000"]

# stagesplit: runtime stage: only what /opt/venv needs to run; build tools stay in "build"
FROM python:3.11-slim
ENV PATH=/opt/venv/bin:$PATH
WORKDIR /code
# stagesplit: the program (pip install --no-cache-dir -r requirements.txt)
COPY --from=build /opt/venv /opt/venv
# stagesplit: read at run time: Path.glob('/srv/models') in app/main.py:11
COPY --from=build /srv/models /srv/models
# stagesplit: carried: app is in the program's folder /code (from the context)
COPY --from=build /code/app /code/app
# stagesplit: carried: requirements.txt is in the program's folder /code (from the context)
COPY --from=build /code/requirements.txt /code/requirements.txt
EXPOSE 8000
CMD ["uvicorn", "app.main:app", "--host", "0.0.0.0", "--port", "8000"]
