export { type CursorPage, cursorPage, DEFAULT_PAGE_SIZE } from './cursor-page';
export { PageQuery } from './page.query';
export { createHeraldApp, type HeraldAppDefinition, runHeraldApp } from './herald-app';
export { HeraldCoreModule } from './herald-core.module';
export { createValidationPipe, type FieldError, invalidField } from './validation.pipe';
export { HttpExceptionFilter } from './http-exception.filter';
export { type OpenApiInfo, setupOpenApi } from './openapi';
