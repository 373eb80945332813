import { Module } from '@nestjs/common';
import { AdminController } from './admin.controller';

/** Admin-only routes; Bull Board itself is mounted on Fastify by queue-board.ts. */
@Module({ controllers: [AdminController] })
export class AdminApiModule {}
