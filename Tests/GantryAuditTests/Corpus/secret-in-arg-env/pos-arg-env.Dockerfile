FROM alpine:3.20
ARG NPM_TOKEN
ARG VERSION=1 DB_PASSWORD=changeme
ENV API_KEY=abc123 MODE=prod
ENV GITHUB_TOKEN legacyform
# expect secret-in-arg-env 2
# expect secret-in-arg-env 3
# expect secret-in-arg-env 4
# expect secret-in-arg-env 5
