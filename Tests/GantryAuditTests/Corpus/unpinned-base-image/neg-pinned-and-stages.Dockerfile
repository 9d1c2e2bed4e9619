# syntax=docker/dockerfile:1.7
ARG BASE=alpine:3.20
FROM ${BASE} AS alpine
FROM alpine
FROM registry.example.com:5000/team/tool:2.1
FROM busybox@sha256:0000000000000000000000000000000000000000000000000000000000000000
FROM scratch
