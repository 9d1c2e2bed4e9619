FROM golang:1.22
WORKDIR /src
COPY go.mod ./
RUN go mod download
COPY . .
RUN go build -o /usr/local/bin/app .
CMD ["app"]
# expect final-stage-toolchain 6
