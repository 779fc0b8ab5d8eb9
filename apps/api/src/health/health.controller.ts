import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { Public } from '../auth/access-rule';
import { RedisHealthIndicator } from './redis.health';

@ApiTags('health')
@Controller('health')
@Public()
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly postgres: TypeOrmHealthIndicator,
    private readonly redis: RedisHealthIndicator,
  ) {}

  @Get('live')
  @ApiOperation({ summary: 'The process is up (no dependencies checked)' })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @ApiOperation({ summary: 'Postgres and Redis both answer' })
  @ApiResponse({ status: 200, description: 'Ready to take traffic' })
  @ApiResponse({ status: 503, description: 'A dependency is down; `checks` says which' })
  async ready(): Promise<{ status: 'ok'; checks: Record<string, string> }> {
    try {
      const result = await this.health.check([
        () => this.postgres.pingCheck('postgres', { timeout: 1_500 }),
        () => this.redis.pingCheck('redis'),
      ]);
      return { status: 'ok', checks: statuses(result.details) };
    } catch (error) {
      const details = (error as { response?: { details?: Record<string, { status: string }> } })
        .response?.details;
      const checks = statuses(details ?? {});
      const down = Object.keys(checks).filter((name) => checks[name] !== 'up');
      throw new ServiceUnavailableException({
        message: `Not ready: ${down.join(' and ') || 'a dependency'} did not answer`,
        checks,
      });
    }
  }
}

function statuses(details: Record<string, { status: string }>): Record<string, string> {
  return Object.fromEntries(Object.entries(details).map(([name, { status }]) => [name, status]));
}
