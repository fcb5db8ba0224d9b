FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm install --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
# qpdf inspects uploaded PDFs in a child process (src/disclosures/qpdf-runner.ts), limited with prlimit (util-linux, in the base image).
RUN apt-get update && apt-get install -y --no-install-recommends qpdf && rm -rf /var/lib/apt/lists/*
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# The committed OpenAPI document, served at GET /openapi.json (src/openapi/openapi.controller.ts).
COPY --from=build /app/openapi ./openapi
USER node
EXPOSE 3000
# The heap sizes as in package.json's start script: it keeps the resident size near 200 MB under load (README, Benchmarks).
CMD ["node", "--max-old-space-size=384", "--max-semi-space-size=32", "dist/src/main.js"]
