FROM python:3.11 AS build
RUN pip install --no-cache-dir uv
WORKDIR /code
COPY requirements.txt .
RUN uv pip install --system --break-system-packages --no-cache -r requirements.txt
COPY app ./app
EXPOSE 8000
CMD ["uvicorn", "app.main:app", "--host", "0.0.0.0", "--port", "8000"]

# stagesplit: runtime stage: only what /usr/local/bin/uvicorn needs to run; build tools stay in "build"
FROM python:3.11-slim
WORKDIR /code
# stagesplit: the program (uv pip install --system --break-system-packages --no-cache -r requirements.txt)
COPY --from=build /usr/local/bin/uvicorn /usr/local/bin/uvicorn
# stagesplit: the program (uv pip install --system --break-system-packages --no-cache -r requirements.txt)
COPY --from=build /usr/local/lib/python3.11/site-packages /usr/local/lib/python3.11/site-packages
# stagesplit: carried: app is in the program's folder /code (from the context)
COPY --from=build /code/app /code/app
# stagesplit: carried: requirements.txt is in the program's folder /code (from the context)
COPY --from=build /code/requirements.txt /code/requirements.txt
EXPOSE 8000
CMD ["uvicorn", "app.main:app", "--host", "0.0.0.0", "--port", "8000"]
