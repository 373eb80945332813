import { Body, Controller, Delete, Get, Header, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '@tally/auth';
import type { Json } from '@tally/platform';
import { TrackersService } from '@tally/trackers';
import { TrackerStatsService } from '@tally/logs';
import { Endpoint } from '../http/endpoint.decorator';
import { PageQueryDto } from '../http/page.dto';
import { ApiIdParam, ParseIdPipe } from '../http/parse-id.pipe';
import { StatsDto, StatsQueryDto } from './stats.dto';
import { CreateTrackerDto, TrackerDto, TrackerListDto, UpdateTrackerDto } from './tracker.dto';
import { statsJson, toTrackerDto, trackerJson, trackerListJson } from './tracker.mapper';
import { JSON_CONTENT_TYPE } from '../http/json-response';

const NOT_FOUND = 'No tracker with this id among yours';
const TRACKER_ID = 'The tracker';

@ApiTags('trackers')
@Controller('trackers')
export class TrackersController {
  constructor(
    private readonly trackers: TrackersService,
    private readonly stats: TrackerStatsService,
  ) {}

  @Get()
  @Endpoint({
    summary: 'Your trackers, most recently updated first, each with its log count and latest log',
    auth: 'bearer',
    ok: TrackerListDto,
    errors: { 400: 'Invalid limit or cursor' },
  })
  @Header('Content-Type', JSON_CONTENT_TYPE)
  async list(@CurrentUser() user: AuthUser, @Query() query: PageQueryDto): Promise<Json<TrackerListDto>> {
    // The cached JSON text goes out as it is: no parse, no mapping, no serialization per request.
    return trackerListJson(await this.trackers.listJson(user.id, query));
  }

  @Post()
  @Endpoint({
    summary: 'Create a tracker of numbers or notes',
    auth: 'bearer',
    idempotent: true,
    created: TrackerDto,
    errors: {
      400: 'Invalid or unknown fields',
      409: 'You already have a tracker with this name',
      422: 'whatToTrack/unit given for a note tracker',
    },
  })
  async create(@CurrentUser() user: AuthUser, @Body() body: CreateTrackerDto): Promise<TrackerDto> {
    return toTrackerDto(await this.trackers.create(user.id, body));
  }

  @Get(':id')
  @ApiIdParam('id', TRACKER_ID)
  @Endpoint({
    summary: 'One tracker with its log count and latest log',
    auth: 'bearer',
    ok: TrackerDto,
    errors: { 400: 'Invalid id', 404: NOT_FOUND },
  })
  @Header('Content-Type', JSON_CONTENT_TYPE)
  async get(@CurrentUser() user: AuthUser, @Param('id', ParseIdPipe) id: number): Promise<Json<TrackerDto>> {
    return trackerJson(await this.trackers.getJson(user.id, id));
  }

  @Patch(':id')
  @ApiIdParam('id', TRACKER_ID)
  @Endpoint({
    summary: 'Change a tracker; null clears description, whatToTrack or unit',
    auth: 'bearer',
    ok: TrackerDto,
    errors: {
      400: 'Invalid or unknown fields',
      404: NOT_FOUND,
      409: 'Name taken, or a type change on a tracker that has logs',
      422: 'whatToTrack/unit on a note tracker',
    },
  })
  async update(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseIdPipe) id: number,
    @Body() body: UpdateTrackerDto,
  ): Promise<TrackerDto> {
    return toTrackerDto(await this.trackers.update(user.id, id, body));
  }

  @Delete(':id')
  @ApiIdParam('id', TRACKER_ID)
  @Endpoint({
    summary: 'Delete a tracker with all its logs (and their pending reminders)',
    auth: 'bearer',
    noContent: 'Deleted',
    errors: { 400: 'Invalid id', 404: NOT_FOUND },
  })
  async remove(@CurrentUser() user: AuthUser, @Param('id', ParseIdPipe) id: number): Promise<void> {
    await this.trackers.remove(user.id, id);
  }

  @Get(':id/stats')
  @ApiIdParam('id', TRACKER_ID)
  @Endpoint({
    summary: 'Statistics in your time zone: buckets, emotions, totals and streaks',
    description:
      'Buckets are local days, ISO weeks or months in your time zone, correct across daylight-saving changes; ' +
      'every bucket of the range is listed. Streaks count consecutive local days with a log, over all time.',
    auth: 'bearer',
    ok: StatsDto,
    errors: { 400: 'Invalid from/to/bucket, from after to, or too many buckets', 404: NOT_FOUND },
  })
  @Header('Content-Type', JSON_CONTENT_TYPE)
  async getStats(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseIdPipe) id: number,
    @Query() query: StatsQueryDto,
  ): Promise<Json<StatsDto>> {
    return statsJson(await this.stats.getJson(user, id, query));
  }
}
