import { Controller, Param, Post } from '@nestjs/common';
import { ApiProperty, ApiTags } from '@nestjs/swagger';
import { Unsubscribe, UNSUBSCRIBE_KINDS, UnsubscribeKind } from '@tally/notifications';
import { Endpoint } from '../http/endpoint.decorator';

export class UnsubscribedDto {
  @ApiProperty({ enum: UNSUBSCRIBE_KINDS, enumName: 'UnsubscribeKind', example: 'reminders' })
  kind!: UnsubscribeKind;

  @ApiProperty({
    example: 'You will no longer receive daily or weekly reminders. You can turn them on again in the settings.',
    maxLength: 500,
  })
  message!: string;
}

/** The one-click link of List-Unsubscribe; http/json-body-parser.ts lets its form post through. */
@ApiTags('notifications')
@Controller('unsubscribe')
export class UnsubscribeController {
  constructor(private readonly unsubscribe: Unsubscribe) {}

  @Post(':token')
  @Endpoint({
    summary: 'Turn one kind of email off, from the link in that email (no sign-in)',
    description:
      'The one-click unsubscribe of RFC 8058: mail clients POST `List-Unsubscribe=One-Click` ' +
      '(application/x-www-form-urlencoded) to the List-Unsubscribe address; the web page behind the link ' +
      'in the mail posts here too. The token is signed for one user and one kind of mail.',
    auth: 'public',
    ok: UnsubscribedDto,
    errors: { 400: 'The link is not valid (changed, or not one of ours)' },
  })
  apply(@Param('token') token: string): Promise<UnsubscribedDto> {
    return this.unsubscribe.apply(token);
  }
}
