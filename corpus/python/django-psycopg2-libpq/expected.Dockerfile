FROM python:3.12-bookworm AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpq-dev gcc \
 && rm -rf /var/lib/apt/lists/*
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /code
COPY requirements.txt /code/
RUN pip install --upgrade pip && pip install --no-cache-dir -r requirements.txt
COPY . /code/
EXPOSE 8000
CMD ["python", "manage.py", "runserver", "0.0.0.0:8000"]

# stagesplit: runtime stage: only what /usr/local/lib/python3.12/site-packages needs to run; build tools stay in "build"
FROM python:3.12-slim-bookworm
# stagesplit: needed at run time, missing from python:3.12-slim-bookworm
RUN apt-get update && apt-get install -y --no-install-recommends libpq5 && rm -rf /var/lib/apt/lists/*
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /code
# stagesplit: the program (pip install --no-cache-dir -r requirements.txt)
COPY --from=build /usr/local/lib/python3.12/site-packages /usr/local/lib/python3.12/site-packages
# stagesplit: the program (pip install --no-cache-dir -r requirements.txt)
COPY --from=build /usr/local/bin/django-admin /usr/local/bin/django-admin
# stagesplit: named by the command that starts the program
COPY --from=build /code/manage.py /code/manage.py
# stagesplit: carried: mysite is in the program's folder /code (from the context)
COPY --from=build /code/mysite /code/mysite
# stagesplit: carried: requirements.txt is in the program's folder /code (from the context)
COPY --from=build /code/requirements.txt /code/requirements.txt
EXPOSE 8000
CMD ["python", "manage.py", "runserver", "0.0.0.0:8000"]
