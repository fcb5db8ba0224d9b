import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Public } from '../auth/authenticated.decorator';
import { AppError } from '../common/app-error';
import { pendingMigrationCount } from '../database/migrate';

export class HealthDto {
  status: 'ok';
}

@ApiTags('health')
@Controller()
export class HealthController {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  @ApiOperation({ summary: 'The process is up' })
  @Public()
  @Get('health')
  health(): HealthDto {
    return { status: 'ok' };
  }

  @ApiOperation({ summary: 'The database is reachable and every migration is applied' })
  @Public()
  @Get('ready')
  async ready(): Promise<HealthDto> {
    let pending: number;
    try {
      pending = await pendingMigrationCount(this.db);
    } catch {
      throw new AppError(503, 'database_unreachable', 'Service unavailable', 'The database is not reachable.');
    }
    if (pending > 0) throw new AppError(503, 'migrations_pending', 'Service unavailable', `${pending} migration(s) not applied yet.`);
    return { status: 'ok' };
  }
}
