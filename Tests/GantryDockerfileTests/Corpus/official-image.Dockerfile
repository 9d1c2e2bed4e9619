# An official-image-shaped file: lower-case keywords, comments inside continuations, ENV forms.
from debian:bookworm-slim

env NGINX_VERSION 1.27.0
ENV NJS_VERSION=0.8.4 \
    PKG_RELEASE=1~bookworm

run set -x \
# create nginx user/group first, to be consistent throughout docker variants
    && groupadd --system --gid 101 nginx \

    && apt-get update \
    && apt-get install --no-install-recommends --no-install-suggests -y gnupg1 ca-certificates

COPY docker-entrypoint.sh /
Onbuild COPY --from=never-read:1 /a /b
EXPOSE 80
STOPSIGNAL SIGQUIT
CMD ["nginx", "-g", "daemon off;"]
