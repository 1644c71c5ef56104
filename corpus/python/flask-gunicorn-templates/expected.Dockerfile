FROM python:3.11 AS build
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
EXPOSE 8000
CMD ["gunicorn", "--bind", "0.0.0.0:8000", "--workers", "2", "shop:app"]

# stagesplit: runtime stage: only what /usr/local/bin/gunicorn needs to run; build tools stay in "build"
FROM python:3.11-slim
WORKDIR /app
# stagesplit: the program (pip install --no-cache-dir -r requirements.txt)
COPY --from=build /usr/local/bin/gunicorn /usr/local/bin/gunicorn
# stagesplit: the program (pip install --no-cache-dir -r requirements.txt)
COPY --from=build /usr/local/lib/python3.11/site-packages /usr/local/lib/python3.11/site-packages
# stagesplit: the program (pip install --no-cache-dir -r requirements.txt)
COPY --from=build /usr/local/bin/flask /usr/local/bin/flask
# stagesplit: read at run time: Flask template_folder('/app/templates') in shop.py:6
COPY --from=build /app/templates /app/templates
# stagesplit: read at run time: Flask static_folder('/app/static') in shop.py:6
COPY --from=build /app/static /app/static
# stagesplit: read at run time: Path.read_text('/app/items.csv') in shop.py:7
COPY --from=build /app/items.csv /app/items.csv
# stagesplit: carried: requirements.txt is in the program's folder /app (from the context)
COPY --from=build /app/requirements.txt /app/requirements.txt
# stagesplit: carried: shop.py is in the program's folder /app (from the context)
COPY --from=build /app/shop.py /app/shop.py
EXPOSE 8000
CMD ["gunicorn", "--bind", "0.0.0.0:8000", "--workers", "2", "shop:app"]
