import { Body, Controller, Delete, Get, HttpCode, Patch, Put, Res } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated, AuthThrottle, AuthUser, CurrentUser, Profiles } from '@tally/auth';
import { NotificationSettingsService } from '@tally/notifications';
import { ApiErrors } from '@tally/platform';
import { ReportSettingsService } from '@tally/reports';
import type { FastifyReply } from 'fastify';
import { AuthCookies } from '../auth/auth-cookies';
import {
  DeleteAccountDto,
  mapNotificationSettings,
  mapReportSettings,
  NotificationSettingsDto,
  ReportSettingsDto,
  UpdateProfileDto,
} from './me.dto';
import { mapProfile, ProfileDto } from './profile.dto';

@ApiTags('me')
@Controller('me')
export class MeController {
  constructor(
    private readonly profiles: Profiles,
    private readonly notifications: NotificationSettingsService,
    private readonly reports: ReportSettingsService,
    private readonly cookies: AuthCookies,
  ) {}

  @Get()
  @Authenticated()
  @ApiOperation({ summary: 'The signed-in user, with login tracking' })
  @ApiOkResponse({ type: ProfileDto })
  async get(@CurrentUser() user: AuthUser): Promise<ProfileDto> {
    return mapProfile(await this.profiles.get(user.id));
  }

  @Patch()
  @Authenticated()
  @ApiOperation({ summary: 'Change the username or time zone' })
  @ApiOkResponse({ type: ProfileDto })
  @ApiErrors({ 400: 'Invalid input', 409: 'The username is taken' })
  async update(@CurrentUser() user: AuthUser, @Body() body: UpdateProfileDto): Promise<ProfileDto> {
    return mapProfile(await this.profiles.update(user.id, body));
  }

  @Delete()
  @HttpCode(204)
  @AuthThrottle()
  @Authenticated({ sessionOnly: true })
  @ApiOperation({
    summary: 'Delete the account and all its data',
    description: 'Trackers, logs, reports, sessions and tokens are deleted with it. Cannot be undone.',
  })
  @ApiNoContentResponse({ description: 'Deleted; signed out' })
  @ApiErrors({ 400: 'Invalid input', 422: 'Wrong password or two-factor code', 429: 'Too many attempts' })
  async delete(
    @CurrentUser() user: AuthUser,
    @Body() body: DeleteAccountDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    await this.profiles.delete(user.id, body.password, body.code);
    this.cookies.clear(reply);
  }

  @Get('notification-settings')
  @Authenticated()
  @ApiOperation({ summary: 'When reminders are sent' })
  @ApiOkResponse({ type: NotificationSettingsDto })
  async notificationSettings(@CurrentUser() user: AuthUser): Promise<NotificationSettingsDto> {
    return mapNotificationSettings(await this.notifications.get(user.id));
  }

  @Put('notification-settings')
  @Authenticated()
  @ApiOperation({ summary: 'Set when reminders are sent' })
  @ApiOkResponse({ type: NotificationSettingsDto })
  @ApiErrors({ 400: 'Invalid input' })
  async updateNotificationSettings(
    @CurrentUser() user: AuthUser,
    @Body() body: NotificationSettingsDto,
  ): Promise<NotificationSettingsDto> {
    return mapNotificationSettings(await this.notifications.update(user.id, body));
  }

  @Get('report-settings')
  @Authenticated()
  @ApiOperation({ summary: 'How the monthly report is emailed' })
  @ApiOkResponse({ type: ReportSettingsDto })
  async reportSettings(@CurrentUser() user: AuthUser): Promise<ReportSettingsDto> {
    return mapReportSettings(await this.reports.get(user.id));
  }

  @Put('report-settings')
  @Authenticated()
  @ApiOperation({ summary: 'Set how the monthly report is emailed' })
  @ApiOkResponse({ type: ReportSettingsDto })
  @ApiErrors({ 400: 'Invalid input' })
  async updateReportSettings(
    @CurrentUser() user: AuthUser,
    @Body() body: ReportSettingsDto,
  ): Promise<ReportSettingsDto> {
    return mapReportSettings(await this.reports.update(user.id, body.format));
  }
}
