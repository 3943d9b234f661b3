# Grimoire in a container. Untested: no container engine ran where this was written (docs/OPERATIONS.md).
#   docker build -t grimoire .
#   docker run -d --name grimoire --env-file .env -v grimoire-data:/var/lib/grimoire grimoire

# Production dependencies. better-sqlite3 is a native module: npm installs a prebuilt binary when one matches
# and compiles it otherwise, which needs Python, make and a C++ compiler; they stay in this stage.
FROM node:20-slim AS dependencies
WORKDIR /app
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
# tsx is a runtime dependency (TypeScript runs without a build step), so --omit=dev keeps it.
RUN npm ci --omit=dev && npm cache clean --force

FROM node:20-slim
# docker stop sends SIGTERM to PID 1 only, and npm does not forward it to the bot: tini -g passes it to npm's
# whole process group, so the bot stops cleanly (within 5 s) instead of being killed after docker's 10 s.
RUN apt-get update \
 && apt-get install -y --no-install-recommends tini \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=dependencies /app/node_modules ./node_modules
COPY . .
# The database lives outside /app/data (the book catalog, part of the image) so that a volume never hides
# or outlives the catalog. Backups (npm run backup) go to /app/backups, a second volume if you keep them here.
ENV DATABASE_PATH=/var/lib/grimoire/grimoire.db \
    npm_config_update_notifier=false
RUN mkdir -p /var/lib/grimoire /app/backups \
 && chown node:node /var/lib/grimoire /app/backups
# node (uid 1000) comes with the image; it owns only the database and backup folders.
USER node
VOLUME ["/var/lib/grimoire"]
ENTRYPOINT ["/usr/bin/tini", "-g", "--"]
CMD ["npm", "start"]
