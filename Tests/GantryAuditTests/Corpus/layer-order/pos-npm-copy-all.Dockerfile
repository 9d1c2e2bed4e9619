FROM node:20.11-slim
WORKDIR /app
COPY . .
RUN npm ci
CMD ["node", "server.js"]
# expect layer-order 3
