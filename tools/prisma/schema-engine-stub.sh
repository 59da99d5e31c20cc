#!/bin/sh
# Prisma's CLI insists on a schema-engine binary even for `prisma generate`, which does not use it.
# The real engine is a download this environment cannot make; migrations run through our own runner.
echo "schema-engine stub: the Prisma schema engine is not available here; use npm run db:migrate" >&2
exit 1
