import { Body, Controller, Delete, Get, Patch, Put, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser, ProfilesService } from '@tally/auth';
import { NotificationSettingsService } from '@tally/notifications';
import { ReportSettingsService } from '@tally/reports';
import type { FastifyReply } from 'fastify';
import { AuthCookies } from '../auth/auth-cookies';
import { Endpoint } from '../http/endpoint.decorator';
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
    private readonly profiles: ProfilesService,
    private readonly notifications: NotificationSettingsService,
    private readonly reports: ReportSettingsService,
    private readonly cookies: AuthCookies,
  ) {}

  @Get()
  @Endpoint({ summary: 'The signed-in user, with login tracking', auth: 'bearer', ok: ProfileDto })
  async get(@CurrentUser() user: AuthUser): Promise<ProfileDto> {
    return mapProfile(await this.profiles.get(user.id));
  }

  @Patch()
  @Endpoint({
    summary: 'Change the username or time zone',
    auth: 'bearer',
    ok: ProfileDto,
    errors: { 400: 'Invalid input', 409: 'The username is taken' },
  })
  async update(@CurrentUser() user: AuthUser, @Body() body: UpdateProfileDto): Promise<ProfileDto> {
    return mapProfile(await this.profiles.update(user.id, body));
  }

  @Delete()
  @Endpoint({
    summary: 'Delete the account and all its data',
    description: 'Trackers, logs, reports, sessions and tokens are deleted with it. Cannot be undone.',
    auth: 'session',
    throttled: true,
    noContent: 'Deleted; signed out',
    errors: { 400: 'Invalid input', 422: 'Wrong password or two-factor code' },
  })
  async delete(
    @CurrentUser() user: AuthUser,
    @Body() body: DeleteAccountDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    await this.profiles.delete(user.id, body.password, body.code);
    this.cookies.clear(reply);
  }

  @Get('notification-settings')
  @Endpoint({ summary: 'When reminders are sent', auth: 'bearer', ok: NotificationSettingsDto })
  async notificationSettings(@CurrentUser() user: AuthUser): Promise<NotificationSettingsDto> {
    return mapNotificationSettings(await this.notifications.get(user.id));
  }

  @Put('notification-settings')
  @Endpoint({
    summary: 'Set when reminders are sent',
    auth: 'bearer',
    ok: NotificationSettingsDto,
    errors: { 400: 'Invalid input' },
  })
  async updateNotificationSettings(
    @CurrentUser() user: AuthUser,
    @Body() body: NotificationSettingsDto,
  ): Promise<NotificationSettingsDto> {
    return mapNotificationSettings(await this.notifications.update(user.id, body));
  }

  @Get('report-settings')
  @Endpoint({ summary: 'How the monthly report is emailed', auth: 'bearer', ok: ReportSettingsDto })
  async reportSettings(@CurrentUser() user: AuthUser): Promise<ReportSettingsDto> {
    return mapReportSettings(await this.reports.get(user.id));
  }

  @Put('report-settings')
  @Endpoint({
    summary: 'Set how the monthly report is emailed',
    auth: 'bearer',
    ok: ReportSettingsDto,
    errors: { 400: 'Invalid input' },
  })
  async updateReportSettings(
    @CurrentUser() user: AuthUser,
    @Body() body: ReportSettingsDto,
  ): Promise<ReportSettingsDto> {
    return mapReportSettings(await this.reports.update(user.id, body.format));
  }
}
