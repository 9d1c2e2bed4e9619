FROM node:20.11 AS web
COPY package.json package-lock.json ./
RUN npm ci
FROM python:3.12 AS py
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
FROM golang:1.22 AS go
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod go mod download
COPY . .
RUN --mount=type=cache,target=/go/pkg/mod \
    go build -o /app .
# expect cache-mount 3
# expect cache-mount 6
# expect cache-mount 11
