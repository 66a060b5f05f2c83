# The web console: the static Vite build served by nginx, which also proxies /api to the API replicas.
# Build from the repository root: docker build -f docker/console.Dockerfile .
ARG NODE_IMAGE=node:20.20.2-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
# package.json's allowScripts (which install scripts may run) needs npm 11.
RUN npm install -g npm@11.19.1
COPY package.json package-lock.json .npmrc ./
# Vite and react-admin are development dependencies: the build stage needs them, the image does not.
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY domain domain
COPY web web
RUN node_modules/.bin/vite build --config web/vite.config.ts

# nginx as an unprivileged user (uid 101), listening on 8080.
FROM nginxinc/nginx-unprivileged:1.29-alpine
COPY docker/console/nginx.conf /etc/nginx/conf.d/default.conf
COPY --from=build /app/web/dist /usr/share/nginx/html
USER 101
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=5s --retries=3 \
  CMD ["wget", "-q", "-O", "/dev/null", "http://127.0.0.1:8080/healthz"]
