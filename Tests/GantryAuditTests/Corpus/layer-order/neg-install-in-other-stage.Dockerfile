FROM node:20.11 AS build
COPY . /app
FROM node:20.11
COPY package.json /app/
RUN npm ci
