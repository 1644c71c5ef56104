FROM python:3.11 AS build
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1
WORKDIR /code
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
RUN python manage.py collectstatic --noinput
EXPOSE 8000
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "2"]

# stagesplit: runtime stage: only what /usr/local/bin/gunicorn needs to run; build tools stay in "build"
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1
WORKDIR /code
# stagesplit: the program (pip install --no-cache-dir -r requirements.txt)
COPY --from=build /usr/local/bin/gunicorn /usr/local/bin/gunicorn
# stagesplit: the program (pip install --no-cache-dir -r requirements.txt)
COPY --from=build /usr/local/lib/python3.11/site-packages /usr/local/lib/python3.11/site-packages
# stagesplit: the program (pip install --no-cache-dir -r requirements.txt)
COPY --from=build /usr/local/bin/django-admin /usr/local/bin/django-admin
# stagesplit: read at run time: settings.STATIC_ROOT('/code/staticfiles') in config/settings.py:19
COPY --from=build /code/staticfiles /code/staticfiles
# stagesplit: carried: board is in the program's folder /code (from the context)
COPY --from=build /code/board /code/board
# stagesplit: carried: config is in the program's folder /code (from the context)
COPY --from=build /code/config /code/config
# stagesplit: carried: manage.py is in the program's folder /code (from the context)
COPY --from=build /code/manage.py /code/manage.py
# stagesplit: carried: requirements.txt is in the program's folder /code (from the context)
COPY --from=build /code/requirements.txt /code/requirements.txt
EXPOSE 8000
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "2"]
