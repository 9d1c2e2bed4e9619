FROM golang:1.22 AS debian
RUN CGO_ENABLED=0 go build -o /out/app .
FROM debian
COPY --from=debian /out/app /app2
