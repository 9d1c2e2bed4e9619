# Fichier écrit en Latin-1 : café, naïve, © 2024
FROM debian:bookworm-slim AS base
RUN echo "résumé" > /etc/motd
LABEL description="Créé pour l'équipe"

FROM base
COPY --from=nginx:1.27-alpine /etc/nginx /etc/nginx
