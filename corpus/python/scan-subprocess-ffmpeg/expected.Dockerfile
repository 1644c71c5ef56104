FROM python:3.11-bookworm AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends ffmpeg \
 && rm -rf /var/lib/apt/lists/*
RUN mkdir -p /var/lib/clips
WORKDIR /opt/clips
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
EXPOSE 8080
CMD ["uvicorn", "clips.api:app", "--host", "0.0.0.0", "--port", "8080"]

# stagesplit: runtime stage: only what /usr/local/bin/uvicorn needs to run; build tools stay in "build"
FROM python:3.11-slim-bookworm
# stagesplit: needed at run time, missing from python:3.11-slim-bookworm
RUN apt-get update && apt-get install -y --no-install-recommends ffmpeg && rm -rf /var/lib/apt/lists/*
WORKDIR /opt/clips
# stagesplit: the program (pip install --no-cache-dir -r requirements.txt)
COPY --from=build /usr/local/bin/uvicorn /usr/local/bin/uvicorn
# stagesplit: the program (pip install --no-cache-dir -r requirements.txt)
COPY --from=build /usr/local/lib/python3.11/site-packages /usr/local/lib/python3.11/site-packages
# stagesplit: read at run time: Path.glob('/var/lib/clips') in clips/api.py:25
COPY --from=build /var/lib/clips /var/lib/clips
# stagesplit: carried: clips is in the program's folder /opt/clips (from the context)
COPY --from=build /opt/clips/clips /opt/clips/clips
# stagesplit: carried: requirements.txt is in the program's folder /opt/clips (from the context)
COPY --from=build /opt/clips/requirements.txt /opt/clips/requirements.txt
EXPOSE 8080
CMD ["uvicorn", "clips.api:app", "--host", "0.0.0.0", "--port", "8080"]
