FROM golang:1.22
WORKDIR /src
COPY . .
RUN <<EOT
set -e
go build -o /out/app ./cmd/app
EOT
# expect layer-order 3
