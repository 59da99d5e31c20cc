import { Module } from '@nestjs/common';
import { TemplateCompiler } from './template-compiler';
import { TemplateRenderer } from './template-renderer';
import { TemplatesController } from './templates.controller';
import { TemplatesRepository } from './templates.repository';
import { TemplatesService } from './templates.service';

/** Templates: versions, partials, the shared email layout, locale fallback, compile-once MJML, preview. */
@Module({
  controllers: [TemplatesController],
  providers: [TemplatesService, TemplatesRepository, TemplateCompiler, TemplateRenderer],
  exports: [TemplatesService, TemplateRenderer],
})
export class TemplatesModule {}
