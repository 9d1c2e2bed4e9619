ARG SRC=tools
FROM alpine:3.20 AS tools
FROM alpine:3.20 AS Build
ARG SRC
COPY --from=${SRC} /bin/tool /bin/tool
RUN --mount=type=bind,from=$SRC,target=/t true
ENV PATH
COPY --from=late /a /b
COPY --from=tools --from=tools /a /b
RUN --mount type=bind,from=tools,target=/t true
RUN --mount=type=bind,from=tools,target=/t,nocache true
COPY --from=-1 /a /b
RUN --mount=type=secret,id=npm,from=tools cat /run/secrets/npm
FROM Build
FROM alpine:3.20 AS late
