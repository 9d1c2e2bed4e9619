FROM alpine:3.20
COPY . /app
RUN echo "run npm ci later" && printf 'pip install\n'
# npm ci in a comment
