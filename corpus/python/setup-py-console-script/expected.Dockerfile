FROM python:3.11 AS build
WORKDIR /opt/stockcheck
COPY . .
RUN pip install --no-cache-dir .
ENTRYPOINT ["stockcheck"]
CMD ["--below", "0"]

# stagesplit: runtime stage: only what /usr/local/bin/stockcheck needs to run; build tools stay in "build"
FROM python:3.11-slim
WORKDIR /opt/stockcheck
# stagesplit: the program (pip install --no-cache-dir .)
COPY --from=build /usr/local/bin/stockcheck /usr/local/bin/stockcheck
# stagesplit: the program (pip install --no-cache-dir .)
COPY --from=build /usr/local/lib/python3.11/site-packages /usr/local/lib/python3.11/site-packages
# stagesplit: carried: setup.py is in the program's folder /opt/stockcheck (from the context)
COPY --from=build /opt/stockcheck/setup.py /opt/stockcheck/setup.py
# stagesplit: carried: stockcheck is in the program's folder /opt/stockcheck (from the context)
COPY --from=build /opt/stockcheck/stockcheck /opt/stockcheck/stockcheck
ENTRYPOINT ["stockcheck"]
CMD ["--below", "0"]
