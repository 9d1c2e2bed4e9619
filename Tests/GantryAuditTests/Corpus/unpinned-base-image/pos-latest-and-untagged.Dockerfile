ARG BASE=alpine
FROM ${BASE} AS one
FROM node:latest AS two
FROM registry.example.com:5000/team/tool
# expect unpinned-base-image 2
# expect unpinned-base-image 3
# expect unpinned-base-image 4
