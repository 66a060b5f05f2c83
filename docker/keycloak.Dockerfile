# Keycloak in production mode: built once for PostgreSQL with health endpoints, started with --optimized.
# Build from the repository root: docker build -f docker/keycloak.Dockerfile .
ARG KEYCLOAK_IMAGE=quay.io/keycloak/keycloak:26.7.3

FROM ${KEYCLOAK_IMAGE} AS build
ENV KC_DB=postgres KC_HEALTH_ENABLED=true KC_METRICS_ENABLED=true
RUN /opt/keycloak/bin/kc.sh build

FROM ${KEYCLOAK_IMAGE}
COPY --from=build /opt/keycloak/ /opt/keycloak/
# The image's own user (uid 1000), never root.
USER 1000
EXPOSE 8080
# The image has no curl: ask the management port's readiness over bash's /dev/tcp.
HEALTHCHECK --interval=15s --timeout=5s --start-period=90s --retries=5 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/9000 && printf 'GET /health/ready HTTP/1.1\\r\\nHost: localhost\\r\\nConnection: close\\r\\n\\r\\n' >&3 && grep -q '\"UP\"' <&3"]
ENTRYPOINT ["/opt/keycloak/bin/kc.sh"]
CMD ["start", "--optimized", "--import-realm"]
