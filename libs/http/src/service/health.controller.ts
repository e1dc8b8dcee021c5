import { Controller, Get, Inject } from '@nestjs/common';
import { SERVICE_NAME } from './service-name.js';

@Controller('v1/health')
export class HealthController {
  constructor(@Inject(SERVICE_NAME) private readonly service: string) {}

  @Get()
  health(): { status: 'ok'; service: string } {
    return { status: 'ok', service: this.service };
  }
}
