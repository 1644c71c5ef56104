FROM python:3.11 AS build
ENV PYTHONUNBUFFERED=1
WORKDIR /srv/library
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY deploy/opening-hours.json /etc/library/opening-hours.json
COPY . .
RUN python manage.py collectstatic --noinput
EXPOSE 8000
CMD ["gunicorn", "site_conf.wsgi:application", "--bind", "0.0.0.0:8000"]

# stagesplit: runtime stage: only what /usr/local/bin/gunicorn needs to run; build tools stay in "build"
FROM python:3.11-slim
ENV PYTHONUNBUFFERED=1
WORKDIR /srv/library
# stagesplit: the program (pip install --no-cache-dir -r requirements.txt)
COPY --from=build /usr/local/bin/gunicorn /usr/local/bin/gunicorn
# stagesplit: the program (pip install --no-cache-dir -r requirements.txt)
COPY --from=build /usr/local/lib/python3.11/site-packages /usr/local/lib/python3.11/site-packages
# stagesplit: the program (pip install --no-cache-dir -r requirements.txt)
COPY --from=build /usr/local/bin/django-admin /usr/local/bin/django-admin
# stagesplit: read at run time: settings.STATIC_ROOT('/var/www/library-static') in site_conf/settings.py:22
COPY --from=build /var/www/library-static /var/www/library-static
# stagesplit: read at run time: open('/etc/library/opening-hours.json') in library/views.py:9
COPY --from=build /etc/library/opening-hours.json /etc/library/opening-hours.json
# stagesplit: carried: deploy is in the program's folder /srv/library (from the context)
COPY --from=build /srv/library/deploy /srv/library/deploy
# stagesplit: carried: library is in the program's folder /srv/library (from the context)
COPY --from=build /srv/library/library /srv/library/library
# stagesplit: carried: manage.py is in the program's folder /srv/library (from the context)
COPY --from=build /srv/library/manage.py /srv/library/manage.py
# stagesplit: carried: requirements.txt is in the program's folder /srv/library (from the context)
COPY --from=build /srv/library/requirements.txt /srv/library/requirements.txt
# stagesplit: carried: site_conf is in the program's folder /srv/library (from the context)
COPY --from=build /srv/library/site_conf /srv/library/site_conf
EXPOSE 8000
CMD ["gunicorn", "site_conf.wsgi:application", "--bind", "0.0.0.0:8000"]
