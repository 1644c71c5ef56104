FROM python:3.11 AS build
WORKDIR /srv/hello
COPY requirements.txt .
RUN pip install --user --no-cache-dir -r requirements.txt
ENV PATH=/root/.local/bin:$PATH
COPY hello.py .
EXPOSE 8080
CMD ["waitress-serve", "--port=8080", "hello:app"]

# stagesplit: runtime stage: only what /root/.local/bin/waitress-serve needs to run; build tools stay in "build"
FROM python:3.11-slim
WORKDIR /srv/hello
ENV PATH=/root/.local/bin:$PATH
# stagesplit: the program (pip install --user --no-cache-dir -r requirements.txt)
COPY --from=build /root/.local/bin/waitress-serve /root/.local/bin/waitress-serve
# stagesplit: the program (pip install --user --no-cache-dir -r requirements.txt)
COPY --from=build /root/.local/lib/python3.11/site-packages /root/.local/lib/python3.11/site-packages
# stagesplit: the program (pip install --user --no-cache-dir -r requirements.txt)
COPY --from=build /root/.local/bin/flask /root/.local/bin/flask
# stagesplit: carried: hello.py is in the program's folder /srv/hello (from the context)
COPY --from=build /srv/hello/hello.py /srv/hello/hello.py
# stagesplit: carried: requirements.txt is in the program's folder /srv/hello (from the context)
COPY --from=build /srv/hello/requirements.txt /srv/hello/requirements.txt
EXPOSE 8080
CMD ["waitress-serve", "--port=8080", "hello:app"]
