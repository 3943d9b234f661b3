# Grimoire in a container. Untested: no container engine ran where this was written (docs/OPERATIONS.md).
#   docker build -t grimoire .
#   docker run -d --name grimoire --env-file .env -v grimoire-data:/var/lib/grimoire grimoire

# The build and the production dependencies. better-sqlite3 is a native module: npm installs a prebuilt binary
# when one matches and compiles it otherwise, which needs Python, make and a C++ compiler; they stay in this stage,
# with TypeScript and the other development tools (npm prune drops them after the build).
FROM node:20-slim AS build
WORKDIR /app
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY commands ./commands
RUN npm run build && npm prune --omit=dev && npm cache clean --force

FROM node:20-slim
# docker stop sends SIGTERM to PID 1; tini passes it on to the bot (node does not act on signals as PID 1 by
# default), so the bot stops cleanly (within 5 s) instead of being killed after docker's 10 s.
RUN apt-get update \
 && apt-get install -y --no-install-recommends tini \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY data ./data
# The database lives outside /app/data (the book catalog, part of the image) so that a volume never hides
# or outlives the catalog. Backups (node dist/src/backup-main.js) go to /app/backups, a second volume if you keep them here.
ENV DATABASE_PATH=/var/lib/grimoire/grimoire.db \
    npm_config_update_notifier=false
RUN mkdir -p /var/lib/grimoire /app/backups \
 && chown node:node /var/lib/grimoire /app/backups
# node (uid 1000) comes with the image; it owns only the database and backup folders.
USER node
VOLUME ["/var/lib/grimoire"]
ENTRYPOINT ["/usr/bin/tini", "-g", "--"]
# The build with plain node, as `npm start` runs it once built (no npm in between).
CMD ["node", "dist/src/main.js"]
