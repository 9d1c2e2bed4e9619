FROM node:20-alpine AS builder
RUN npm ci

FROM node:20-alpine AS deps
COPY --from=builder /app/node_modules /node_modules

FROM node:20-bookworm AS builder
RUN npm run build

FROM nginx:1.27-alpine
COPY --from=builder /app/dist /usr/share/nginx/html
COPY --from=deps /node_modules /node_modules
