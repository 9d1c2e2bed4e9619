FROM node:20.11 AS deps
WORKDIR /app
COPY package.json ./
RUN npm ci
FROM node:20.11
COPY --from=deps /app/ /app/
RUN npm ci
