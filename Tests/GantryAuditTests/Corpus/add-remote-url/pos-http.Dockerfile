FROM alpine:3.20
ADD https://example.com/tool.tar.gz /opt/
ADD --chown=1:1 local.txt \
    http://example.com/a.txt /srv/
# expect add-remote-url 2
# expect add-remote-url 4
