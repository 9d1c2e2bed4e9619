# audit: platforms=linux/amd64
FROM golang:1.22 AS build
RUN go build -o /out/app .
