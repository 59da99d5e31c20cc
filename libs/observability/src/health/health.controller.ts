import { Controller, Get, Res } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { type HealthReport, HealthService } from './health.service';

@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Get()
  @ApiOperation({ summary: 'Liveness and readiness: 200 when the database and NATS answer, 503 otherwise' })
  @ApiResponse({
    status: 200,
    description: 'Every dependency answered',
    schema: { example: { status: 'ok', checks: { database: { status: 'up' }, nats: { status: 'up' } } } },
  })
  @ApiResponse({ status: 503, description: 'At least one dependency did not answer' })
  async check(@Res({ passthrough: true }) res: Response): Promise<HealthReport> {
    const report = await this.health.report();
    res.status(report.status === 'ok' ? 200 : 503);
    return report;
  }
}
