# The worker (Temporal workflows + activities, the photo pipeline). Build from the repository root:
#   docker build -f docker/worker.Dockerfile .                                       (models mounted at run time)
#   docker build -f docker/worker.Dockerfile --build-arg MODELS=baked --build-context model-weights=<models folder> .
# The models folder holds the ONNX weights and their SHA256SUMS (README, "Model weights"); the worker checks
# every file against its sum at start either way.
ARG NODE_IMAGE=node:20.20.2-bookworm-slim
ARG MODELS=mounted

FROM ${NODE_IMAGE} AS deps
WORKDIR /app
# package.json's allowScripts (which install scripts may run) needs npm 11.
RUN npm install -g npm@11.19.1
COPY package.json package-lock.json .npmrc ./
RUN npm ci --omit=dev --no-audit --no-fund

# The workflow code bundled once here, so a worker does not bundle it (webpack, seconds of CPU) at every start.
FROM deps AS workflow-bundle
COPY tsconfig.json ./
COPY workflows workflows
COPY activities activities
COPY config config
COPY db db
COPY domain domain
COPY imaging imaging
COPY observability observability
COPY signing signing
COPY types types
RUN node_modules/.bin/tsx activities/bundle-workflows.ts /app/dist/workflow-bundle.js

FROM ${NODE_IMAGE} AS models-mounted
RUN mkdir -p /models

FROM ${NODE_IMAGE} AS models-baked
COPY --from=model-weights . /models/

FROM models-${MODELS} AS models-selected

FROM ${NODE_IMAGE}
ENV NODE_ENV=production MALLOC_ARENA_MAX=2 \
    TONGPAI_MODELS_DIR=/opt/tongpai/models \
    TONGPAI_WORKFLOW_BUNDLE=/app/dist/workflow-bundle.js \
    WORKER_HTTP_HOST=0.0.0.0 \
    WORKER_HTTP_PORT=9464
WORKDIR /app
COPY --from=deps /app/node_modules node_modules
COPY package.json tsconfig.json ./
COPY activities activities
COPY config config
COPY db db
COPY domain domain
COPY exchange exchange
COPY imaging imaging
COPY observability observability
COPY signing signing
COPY workflows workflows
COPY types types
COPY --from=workflow-bundle /app/dist/workflow-bundle.js dist/workflow-bundle.js
COPY --from=workflow-bundle /app/dist/workflow-bundle.traced.js dist/workflow-bundle.traced.js
COPY --from=models-selected /models /opt/tongpai/models
USER node
HEALTHCHECK --interval=15s --timeout=3s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+process.env.WORKER_HTTP_PORT+'/readyz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node_modules/.bin/tsx", "--initial-old-space-size=128", "activities/main.ts"]
