FROM debian:12
RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*
RUN <<EOF2
apt-get update
apt install -y git
rm -rf /var/lib/apt/lists/*
EOF2
# expect apt-no-install-recommends 2
# expect apt-no-install-recommends 3
