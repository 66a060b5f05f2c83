# The upstream simulator: the one stand-in, for the four upstream libraries. Never part of a real deployment
# (the compose file starts it only with the `simulator` profile). Build from the repository root:
#   docker build -f docker/upstream-sim.Dockerfile .
ARG NODE_IMAGE=node:20.20.2-bookworm-slim

FROM ${NODE_IMAGE} AS deps
WORKDIR /app
# package.json's allowScripts (which install scripts may run) needs npm 11.
RUN npm install -g npm@11.19.1
COPY package.json package-lock.json .npmrc ./
RUN npm ci --omit=dev --no-audit --no-fund

FROM ${NODE_IMAGE}
ENV NODE_ENV=production UPSTREAM_SIM_DATA_DIR=/var/lib/upstream-sim
WORKDIR /app
COPY --from=deps /app/node_modules node_modules
COPY package.json tsconfig.json ./
COPY upstream-sim upstream-sim
COPY activities activities
COPY config config
COPY db db
COPY domain domain
COPY imaging imaging
COPY signing signing
COPY workflows workflows
COPY types types
# The data folder belongs to the image's user, so a fresh named volume mounted there does too.
RUN mkdir -p /var/lib/upstream-sim && chown node:node /var/lib/upstream-sim
USER node
EXPOSE 3100
HEALTHCHECK --interval=10s --timeout=3s --start-period=10s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.UPSTREAM_SIM_PORT||3100)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node_modules/.bin/tsx", "--initial-old-space-size=128", "upstream-sim/main.ts"]
