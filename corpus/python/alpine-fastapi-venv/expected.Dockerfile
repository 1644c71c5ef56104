FROM python:3.12-alpine3.20 AS build
RUN apk add --no-cache build-base libffi-dev
RUN python3 -m venv /venv
ENV PATH=/venv/bin:$PATH
WORKDIR /service
COPY requirements.txt .
RUN /venv/bin/pip install --no-cache-dir -r requirements.txt
COPY api ./api
USER nobody
EXPOSE 8000
CMD ["uvicorn", "api.main:app", "--host", "0.0.0.0", "--port", "8000"]

# stagesplit: runtime stage: only what /venv needs to run; build tools stay in "build"
FROM python:3.12-alpine3.20
ENV PATH=/venv/bin:$PATH
WORKDIR /service
# stagesplit: the program (/venv/bin/pip install --no-cache-dir -r requirements.txt)
COPY --from=build /venv /venv
# stagesplit: carried: api is in the program's folder /service (from the context)
COPY --from=build /service/api /service/api
# stagesplit: carried: requirements.txt is in the program's folder /service (from the context)
COPY --from=build /service/requirements.txt /service/requirements.txt
USER nobody
EXPOSE 8000
CMD ["uvicorn", "api.main:app", "--host", "0.0.0.0", "--port", "8000"]
