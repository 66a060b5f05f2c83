# The S3-compatible photo store: the Versity S3 gateway (Apache-2.0) over a POSIX folder, the same server and
# version the S3 store's tests run against. Build from the repository root: docker build -f docker/s3.Dockerfile .
ARG VERSITYGW_VERSION=v1.8.0

FROM golang:1.25-alpine AS build
ARG VERSITYGW_VERSION
RUN CGO_ENABLED=0 go install github.com/versity/versitygw/cmd/versitygw@${VERSITYGW_VERSION}

FROM alpine:3.22
RUN adduser -D -H -u 10001 s3 && mkdir -p /data && chown s3:s3 /data
COPY --from=build /go/bin/versitygw /usr/local/bin/versitygw
USER s3
EXPOSE 7070
# Any HTTP answer means the gateway serves: an anonymous request is refused (403), so look for a status line.
HEALTHCHECK --interval=10s --timeout=3s --start-period=5s --retries=3 \
  CMD wget -S -O /dev/null http://127.0.0.1:7070/ 2>&1 | grep -q 'HTTP/1.1 '
ENTRYPOINT ["versitygw"]
CMD ["--port", ":7070", "--quiet", "posix", "/data"]
