FROM python:3.11 AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends postgresql-client mariadb-client redis-tools \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
# where the services are; the probe has none of them, so the waits below time out
ENV ORDERS_DB_HOST=127.0.0.1 ORDERS_DB_PORT=55432 \
    REPORTS_DB_HOST=127.0.0.1 REPORTS_DB_PORT=53306 \
    CACHE_HOST=127.0.0.1 CACHE_PORT=56379
EXPOSE 8080
ENTRYPOINT ["./docker-entrypoint.sh"]
CMD ["waitress-serve", "--port=8080", "ledger:app"]

# stagesplit: runtime stage: only what /app/docker-entrypoint.sh needs to run; build tools stay in "build"
FROM python:3.11-slim
# stagesplit: needed at run time, missing from python:3.11-slim
RUN apt-get update && apt-get install -y --no-install-recommends postgresql-client mariadb-client redis-tools && rm -rf /var/lib/apt/lists/*
WORKDIR /app
ENV ORDERS_DB_HOST=127.0.0.1 ORDERS_DB_PORT=55432 \
    REPORTS_DB_HOST=127.0.0.1 REPORTS_DB_PORT=53306 \
    CACHE_HOST=127.0.0.1 CACHE_PORT=56379
# stagesplit: the program (pip install --no-cache-dir -r requirements.txt)
COPY --from=build /usr/local/bin/waitress-serve /usr/local/bin/waitress-serve
# stagesplit: the program (pip install --no-cache-dir -r requirements.txt)
COPY --from=build /usr/local/lib/python3.11/site-packages /usr/local/lib/python3.11/site-packages
# stagesplit: entry script
COPY --from=build /app/docker-entrypoint.sh /app/docker-entrypoint.sh
# stagesplit: carried: ledger.py is in the program's folder /app (from the context)
COPY --from=build /app/ledger.py /app/ledger.py
# stagesplit: carried: requirements.txt is in the program's folder /app (from the context)
COPY --from=build /app/requirements.txt /app/requirements.txt
EXPOSE 8080
ENTRYPOINT ["./docker-entrypoint.sh"]
CMD ["waitress-serve", "--port=8080", "ledger:app"]
