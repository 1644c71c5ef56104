FROM python:3.11-bookworm AS build
RUN groupadd --system worker && useradd --system --gid worker --create-home --home-dir /home/worker worker
USER worker
ENV HOME=/home/worker \
    PATH=/home/worker/.local/bin:$PATH
WORKDIR /home/worker/app
COPY --chown=worker:worker requirements.txt .
RUN pip install --user --no-cache-dir --no-warn-script-location -r requirements.txt
COPY --chown=worker:worker feeds ./feeds
CMD ["celery", "-A", "feeds.tasks", "worker", "--loglevel=INFO"]

# stagesplit: runtime stage: only what /home/worker/.local/bin/celery needs to run; build tools stay in "build"
FROM python:3.11-slim-bookworm
# stagesplit: user worker is created in the build stage
COPY --from=build /etc/passwd /etc/passwd
# stagesplit: user worker is created in the build stage
COPY --from=build /etc/group /etc/group
# stagesplit: the program (pip install --user --no-cache-dir --no-warn-script-location -r requirements.txt)
COPY --from=build --chown=worker /home/worker/.local/bin/celery /home/worker/.local/bin/celery
# stagesplit: the program (pip install --user --no-cache-dir --no-warn-script-location -r requirements.txt)
COPY --from=build --chown=worker /home/worker/.local/lib/python3.11/site-packages /home/worker/.local/lib/python3.11/site-packages
# stagesplit: carried: feeds is in the program's folder /home/worker/app (from the context)
COPY --from=build --chown=worker:worker /home/worker/app/feeds /home/worker/app/feeds
# stagesplit: carried: requirements.txt is in the program's folder /home/worker/app (from the context)
COPY --from=build --chown=worker:worker /home/worker/app/requirements.txt /home/worker/app/requirements.txt
# stagesplit: worker's home folder, which the build made and the user owns (COPY makes folders root's)
RUN mkdir -p /home/worker && chown worker: /home/worker
USER worker
ENV HOME=/home/worker \
    PATH=/home/worker/.local/bin:$PATH
WORKDIR /home/worker/app
CMD ["celery", "-A", "feeds.tasks", "worker", "--loglevel=INFO"]
