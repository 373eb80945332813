import { Body, Controller, Delete, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '@tally/auth';
import { LogsService } from '@tally/logs';
import { Endpoint } from '../http/endpoint.decorator';
import { ApiIdParam, ParseIdPipe } from '../http/parse-id.pipe';
import { CreateLogDto, LogDto, LogListDto, LogListQueryDto, UpdateLogDto } from './log.dto';
import { toLogDto, toLogListDto } from './log.mapper';

const NOT_FOUND = 'No such tracker among yours, or no such log in it';
const BUSY =
  'The tracker stayed locked by another change (an import or a deletion) for 30 s, or changed type meanwhile; nothing was written, retry';
const RULES = 'Breaks a rule: value/description vs the tracker type, loggedAt over a day ahead, reminder pair or past';

@ApiTags('logs')
@ApiIdParam('id', 'The tracker')
@Controller('trackers/:id/logs')
export class LogsController {
  constructor(private readonly logs: LogsService) {}

  @Get()
  @Endpoint({
    summary: "A tracker's logs, newest first, paginated with a cursor",
    auth: 'bearer',
    ok: LogListDto,
    errors: { 400: 'Invalid from/to/limit/cursor, or from after to', 404: NOT_FOUND },
  })
  async list(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseIdPipe) trackerId: number,
    @Query() query: LogListQueryDto,
  ): Promise<LogListDto> {
    return toLogListDto(await this.logs.list(user, trackerId, query));
  }

  @Post()
  @Endpoint({
    summary: 'Log a value (numerical tracker) or a note',
    auth: 'bearer',
    idempotent: true,
    created: LogDto,
    errors: { 400: 'Invalid or unknown fields', 404: NOT_FOUND, 409: BUSY, 422: RULES },
  })
  async create(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseIdPipe) trackerId: number,
    @Body() body: CreateLogDto,
  ): Promise<LogDto> {
    return toLogDto(await this.logs.create(user.id, trackerId, body));
  }

  @Get(':logId')
  @ApiIdParam('logId', 'The log')
  @Endpoint({ summary: 'One log', auth: 'bearer', ok: LogDto, errors: { 400: 'Invalid id', 404: NOT_FOUND } })
  async get(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseIdPipe) trackerId: number,
    @Param('logId', ParseIdPipe) logId: number,
  ): Promise<LogDto> {
    return toLogDto(await this.logs.get(user.id, trackerId, logId));
  }

  @Patch(':logId')
  @ApiIdParam('logId', 'The log')
  @Endpoint({
    summary: 'Change a log; null clears a field. A new reminder time reschedules the reminder',
    auth: 'bearer',
    ok: LogDto,
    errors: { 400: 'Invalid or unknown fields', 404: NOT_FOUND, 422: RULES },
  })
  async update(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseIdPipe) trackerId: number,
    @Param('logId', ParseIdPipe) logId: number,
    @Body() body: UpdateLogDto,
  ): Promise<LogDto> {
    return toLogDto(await this.logs.update(user.id, trackerId, logId, body));
  }

  @Delete(':logId')
  @ApiIdParam('logId', 'The log')
  @Endpoint({
    summary: 'Delete a log (and its pending reminder)',
    auth: 'bearer',
    noContent: 'Deleted',
    errors: { 400: 'Invalid id', 404: NOT_FOUND },
  })
  async remove(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseIdPipe) trackerId: number,
    @Param('logId', ParseIdPipe) logId: number,
  ): Promise<void> {
    await this.logs.remove(user.id, trackerId, logId);
  }
}
