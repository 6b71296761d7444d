# syntax=docker/dockerfile:1
# The salesgraph gateway image: `docker build -t salesgraph .` (see README, "Deploying").

# Build: every dependency, then the TypeScript build and the dashboard bundle into dist/.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

# Runtime: production dependencies and the build only, run as the unprivileged `node` user.
FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=4000
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
# dist/src, dist/plugins, dist/migrations and dist/dashboard are what the gateway reads at run time
COPY --from=build /app/dist ./dist
# where the embedded SQLite file goes when DATABASE_URL is unset: mount a volume here
RUN mkdir data && chown node:node data
USER node
EXPOSE 4000
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 4000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# node itself, not npm start (which builds first): SIGTERM reaches the gateway, which drains and exits 0
CMD ["node", "--max-old-space-size=1024", "dist/src/main.js"]
