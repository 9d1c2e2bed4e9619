FROM alpine:3.20 AS build
RUN mkdir -p /out && echo done\\
FROM alpine:3.20 AS windows-path
RUN echo C:\\app\\
FROM busybox:1.36
COPY --from=build /out /out
COPY --from=windows-path /etc/os-release /os
