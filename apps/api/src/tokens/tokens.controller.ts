import { Body, Controller, Delete, Get, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser, PersonalAccessTokensService } from '@tally/auth';
import { Endpoint } from '../http/endpoint.decorator';
import { ApiIdParam, ParseIdPipe } from '../http/parse-id.pipe';
import { CreatedTokenDto, CreateTokenDto, mapToken, TokenListDto } from './tokens.dto';

/** Personal access tokens for scripts and integrations. Managed only from a signed-in session. */
@ApiTags('tokens')
@Controller('tokens')
export class TokensController {
  constructor(private readonly tokens: PersonalAccessTokensService) {}

  @Get()
  @Endpoint({ summary: 'Your personal access tokens (never the token values)', auth: 'session', ok: TokenListDto })
  async list(@CurrentUser() user: AuthUser): Promise<TokenListDto> {
    return { items: (await this.tokens.list(user.id)).map(mapToken), nextCursor: null };
  }

  @Post()
  @Endpoint({
    summary: 'Create a personal access token',
    description: 'The response holds the token, shown this once. Use it as `Authorization: Bearer <token>`.',
    auth: 'session',
    created: CreatedTokenDto,
    errors: { 400: 'Invalid input', 409: 'A token with this name exists', 422: 'Too many tokens (50)' },
  })
  async create(@CurrentUser() user: AuthUser, @Body() body: CreateTokenDto): Promise<CreatedTokenDto> {
    const { token, record } = await this.tokens.create(user.id, body);
    return { ...mapToken(record), token };
  }

  @Delete(':id')
  @ApiIdParam('id', 'The token')
  @Endpoint({
    summary: 'Revoke a token (it stops working at once)',
    auth: 'session',
    noContent: 'Revoked',
    errors: { 400: 'The id is not a number', 404: 'No such token of yours' },
  })
  async revoke(@CurrentUser() user: AuthUser, @Param('id', ParseIdPipe) id: number): Promise<void> {
    await this.tokens.revoke(user.id, id);
  }
}
