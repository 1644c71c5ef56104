FROM python:3.11-slim AS build
ENV PYTHONUNBUFFERED=1 \
    UV_COMPILE_BYTECODE=1
RUN pip install --no-cache-dir uv==0.13.9
WORKDIR /srv
COPY pyproject.toml uv.lock ./
RUN uv sync --frozen --no-dev --no-install-project
COPY src ./src
ENV PATH="/srv/.venv/bin:$PATH"
EXPOSE 8080
CMD ["uvicorn", "--app-dir", "src", "notes_api.server:app", "--host", "0.0.0.0", "--port", "8080"]

# stagesplit: runtime stage: only what /srv/.venv needs to run; build tools stay in "build"
FROM python:3.11-slim
ENV PYTHONUNBUFFERED=1 \
    UV_COMPILE_BYTECODE=1
WORKDIR /srv
ENV PATH="/srv/.venv/bin:$PATH"
# stagesplit: the program (uv sync --frozen --no-dev --no-install-project)
COPY --from=build /srv/.venv /srv/.venv
# stagesplit: carried: pyproject.toml is in the program's folder /srv (from the context)
COPY --from=build /srv/pyproject.toml /srv/pyproject.toml
# stagesplit: carried: src is in the program's folder /srv (from the context)
COPY --from=build /srv/src /srv/src
# stagesplit: carried: uv.lock is in the program's folder /srv (from the context)
COPY --from=build /srv/uv.lock /srv/uv.lock
EXPOSE 8080
CMD ["uvicorn", "--app-dir", "src", "notes_api.server:app", "--host", "0.0.0.0", "--port", "8080"]
