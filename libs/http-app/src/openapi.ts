import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { HeraldConfig } from '@herald/config';

export type OpenApiInfo = { title: string; description: string };

/** The API reference, generated from the controllers and DTOs: UI at /docs, JSON at /docs/json. */
export function setupOpenApi(app: INestApplication, config: HeraldConfig, info: OpenApiInfo): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle(info.title)
      .setDescription(info.description)
      .setVersion(config.app.version)
      .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'An API key, or ADMIN_TOKEN for the admin API' })
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs/json', yamlDocumentUrl: 'docs/yaml' });
}
