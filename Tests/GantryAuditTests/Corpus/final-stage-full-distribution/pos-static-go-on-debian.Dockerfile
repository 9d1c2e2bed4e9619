FROM --platform=$BUILDPLATFORM golang:1.22 AS build
RUN CGO_ENABLED=0 go build -o /out/app .
FROM debian:12-slim
COPY --from=build /out/app /app
# expect final-stage-full-distribution 3
