FROM python:3.12-slim AS deps
RUN pip install \
# comments and blank lines inside a continuation are skipped

      requests \
\
      flask
RUN echo "three escapes end the line" \\\
FROM deps AS test
RUN echo ${A:-${A:-${A:-${A:-${A:-${A:-${A:-${A:-${A:-${A:-${A:-${A:-${A:-${A:-${A:-${A:-${A:-${A:-${A:-${A:-${A:-${A:-${A:-${A:-${A:-${A:-${A:-${A:-${A:-${A:-${A:-${A:-${A:-${A:-${A:-${A:-${A:-${A:-${A:-${A:-${A:-${A:-${A:-${A:-${A:-${A:-${A:-${A:-${A:-${A:-${A:-${A:-${A:-${A:-${A:-${A:-${A:-${A:-${A:-${A:-${A:-${A:-${A:-${A:-${A:-${A:-${A:-${A:-${A:-${A:-${A:-${A:-${A:-${A:-${A:-${A:-${A:-${A:-${A:-${A:-${A:-${A:-${A:-${A:-${A:-${A:-${A:-${A:-${A:-${A:-${A:-${A:-${A:-${A:-${A:-${A:-${A:-${A:-${A:-${A:-${A:-${A:-${A:-${A:-${A:-${A:-${A:-${A:-${A:-${A:-${A:-${A:-${A:-${A:-${A:-${A:-${A:-${A:-${A:-${A:-${A:-deep}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}
FROM deps
ARG IMAGE=${BASE:-${BASE:-${BASE:-${BASE:-${BASE:-${BASE:-${BASE:-${BASE:-${BASE:-${BASE:-${BASE:-${BASE:-${BASE:-${BASE:-${BASE:-${BASE:-${BASE:-${BASE:-${BASE:-${BASE:-${BASE:-${BASE:-${BASE:-${BASE:-${BASE:-${BASE:-${BASE:-${BASE:-${BASE:-${BASE:-${BASE:-${BASE:-${BASE:-${BASE:-${BASE:-${BASE:-${BASE:-${BASE:-${BASE:-${BASE:-${BASE:-${BASE:-${BASE:-${BASE:-${BASE:-${BASE:-${BASE:-${BASE:-${BASE:-${BASE:-${BASE:-${BASE:-${BASE:-${BASE:-${BASE:-${BASE:-${BASE:-${BASE:-${BASE:-${BASE:-${BASE:-${BASE:-${BASE:-${BASE:-${BASE:-${BASE:-${BASE:-${BASE:-${BASE:-${BASE:-${BASE:-${BASE:-${BASE:-${BASE:-${BASE:-${BASE:-${BASE:-${BASE:-${BASE:-${BASE:-${BASE:-${BASE:-${BASE:-${BASE:-${BASE:-${BASE:-${BASE:-${BASE:-${BASE:-${BASE:-${BASE:-${BASE:-${BASE:-${BASE:-${BASE:-${BASE:-${BASE:-${BASE:-${BASE:-${BASE:-${BASE:-${BASE:-${BASE:-${BASE:-${BASE:-${BASE:-${BASE:-${BASE:-${BASE:-${BASE:-${BASE:-${BASE:-${BASE:-${BASE:-${BASE:-${BASE:-${BASE:-${BASE:-${BASE:-${BASE:-${BASE:-x}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}
