# A dev-container template: the variant is filled in by the template engine or a build argument.
ARG VARIANT=${templateOption:imageVariant}
FROM mcr.microsoft.com/devcontainers/base:${VARIANT} AS dev
ARG NODE_VERSION=${templateOption:nodeVersion}
RUN echo "node ${NODE_VERSION}"

FROM mcr.microsoft.com/devcontainers/base:bookworm AS ci
ARG USERNAME=vscode
RUN useradd -m $USERNAME
