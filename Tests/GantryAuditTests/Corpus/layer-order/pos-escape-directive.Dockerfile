# escape=`
FROM rust:1.79
WORKDIR C:\src
COPY . .
RUN cargo build `
      --release
# expect layer-order 4
