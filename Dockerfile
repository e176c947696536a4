# The service image: `node dist/main.js` with any command (serve, subgraph NAME, gateway, migrate,
# token). Multi-stage: the build stage has the dev dependencies (TypeScript), the runtime stage only
# production ones, and runs as the unprivileged `node` user.
# Debian (glibc), not Alpine: DuckDB and libsql ship prebuilt glibc binaries.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY src ./src
COPY subgraphs ./subgraphs
COPY bench ./bench
COPY schema ./schema
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    DATA_DIR=/data \
    PORT=4000 \
    HOST=0.0.0.0
WORKDIR /app
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# Read at run time: the supergraph the gateway plans from, the trusted documents manifest.
COPY --from=build /app/schema ./schema
# A named volume mounted here starts out owned by `node`, so the database, dataset files and
# generated dev secrets can be written without root.
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 4000
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=6 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + process.env.PORT + '/readyz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["node", "dist/main.js"]
CMD ["serve"]
