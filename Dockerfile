# One image for the three apps; docker-compose.yml picks the app with APP.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
RUN npx nx run-many -t build -p webhooks,notifications,impact-in --configuration=production

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY --from=build /app/libs/database/src/generated ./libs/database/src/generated
COPY prisma ./prisma
USER node
ARG APP=webhooks
ENV APP=${APP}
CMD ["sh", "-c", "exec node --enable-source-maps dist/apps/${APP}/main.js"]
