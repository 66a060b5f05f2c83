# The API (Express). Build from the repository root: docker build -f docker/api.Dockerfile .
# The code runs as TypeScript under tsx (a runtime dependency), as `npm start` runs it: no separate compile step.
ARG NODE_IMAGE=node:20.20.2-bookworm-slim

FROM ${NODE_IMAGE} AS deps
WORKDIR /app
# package.json's allowScripts (which install scripts may run) needs npm 11.
RUN npm install -g npm@11.19.1
COPY package.json package-lock.json .npmrc ./
RUN npm ci --omit=dev --no-audit --no-fund

FROM ${NODE_IMAGE}
ENV NODE_ENV=production MALLOC_ARENA_MAX=2
WORKDIR /app
COPY --from=deps /app/node_modules node_modules
COPY package.json tsconfig.json ./
COPY api api
COPY config config
COPY db db
COPY domain domain
COPY exchange exchange
COPY imaging imaging
COPY observability observability
COPY signing signing
COPY workflows workflows
COPY activities activities
COPY types types
# The image's own user (uid 1000), never root.
USER node
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.API_PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node_modules/.bin/tsx", "--initial-old-space-size=128", "api/main.ts"]
