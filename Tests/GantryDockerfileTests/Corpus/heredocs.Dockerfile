# syntax=docker/dockerfile:1
FROM debian:bookworm-slim AS base
RUN <<EOF
apt-get update
FROM this-is-not-an-instruction
apt-get install -y curl
EOF
COPY <<-EOT /etc/motd
	COPY --from=not-an-image:1 /a /b
	EOT
RUN python3 <<'PY' > /out.txt && cat /out.txt
print("RUN --mount=from=nope:2")
PY

FROM base AS app
COPY --from=busybox:1.36 /bin/busybox /bin/busybox
RUN 3<<ONE 4<<TWO cat /dev/fd/3 /dev/fd/4
FROM one
ONE
FROM two
TWO
