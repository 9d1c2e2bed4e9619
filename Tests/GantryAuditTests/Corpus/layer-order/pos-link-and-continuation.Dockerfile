FROM python:3.12-slim
WORKDIR /srv
COPY --link --chown=app:app \
     ./ /srv/
RUN --mount=type=cache,target=/root/.cache/pip \
    pip install \
      -r requirements.txt
# expect layer-order 3
