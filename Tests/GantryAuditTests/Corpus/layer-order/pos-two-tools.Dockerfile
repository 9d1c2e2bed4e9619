FROM debian:12 AS build
WORKDIR /app
COPY src/ /app/
RUN npm ci && pip install -r requirements.txt
FROM debian:12
COPY . /w
RUN bundle install
# expect layer-order 3
# expect layer-order 3
# expect layer-order 6
