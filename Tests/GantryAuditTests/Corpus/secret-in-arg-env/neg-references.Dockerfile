FROM alpine:3.20
ARG VERSION=1
ENV TOKEN_FILE=/run/secrets/token CERT_PATH=/etc/cert
RUN --mount=type=secret,id=npm_token cat /run/secrets/npm_token > /dev/null
