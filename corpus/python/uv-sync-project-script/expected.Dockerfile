FROM python:3.11-slim AS build
ENV PYTHONUNBUFFERED=1 \
    UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy
RUN pip install --no-cache-dir uv==0.13.9
WORKDIR /app
COPY pyproject.toml uv.lock ./
RUN uv sync --frozen --no-dev --no-install-project
COPY . .
RUN uv sync --frozen --no-dev
ENV PATH="/app/.venv/bin:$PATH" \
    PORT=8080
EXPOSE 8080
CMD ["notes-api"]

# stagesplit: runtime stage: only what /app/.venv needs to run; build tools stay in "build"
FROM python:3.11-slim
ENV PYTHONUNBUFFERED=1 \
    UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy
WORKDIR /app
ENV PATH="/app/.venv/bin:$PATH" \
    PORT=8080
# stagesplit: the program (uv sync --frozen --no-dev)
COPY --from=build /app/.venv /app/.venv
# stagesplit: the program (uv sync --frozen --no-dev)
COPY --from=build /app/pyproject.toml /app/pyproject.toml
# stagesplit: carried: src is in the program's folder /app (from the context)
COPY --from=build /app/src /app/src
# stagesplit: carried: tests is in the program's folder /app (from the context)
COPY --from=build /app/tests /app/tests
# stagesplit: carried: uv.lock is in the program's folder /app (from the context)
COPY --from=build /app/uv.lock /app/uv.lock
EXPOSE 8080
CMD ["notes-api"]
