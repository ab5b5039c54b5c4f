import { ForbiddenException, Inject, Injectable, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Principal } from '../principal';
import { isKommuneRole, type Role } from '../roles';
import type { TokenVerifier } from '../token-verifier';
import { UnauthenticatedError } from '../unauthenticated-error';
import { PUBLIC_KEY, QUERY_TOKEN_KEY, ROLES_KEY } from './roles.decorator';

export const TOKEN_VERIFIER = Symbol('TokenVerifier');

/** The parts of a Fastify (or Express) request the guard reads and writes. */
export interface AuthenticatedRequest {
  headers: Record<string, string | string[] | undefined>;
  params?: unknown;
  query?: unknown;
  principal?: Principal;
}

interface ReplyWithHeaders {
  header?(name: string, value: string): unknown; // Fastify
  setHeader?(name: string, value: string): unknown; // Express
}

/**
 * Registered globally: every HTTP route needs a valid bearer token and must name who may call it with `@Roles`,
 * unless it is `@Public()`. A route that says neither is refused, so forgetting a decorator fails closed.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    @Inject(TOKEN_VERIFIER) private readonly verifier: TokenVerifier,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    // Bearer tokens belong to HTTP; messages from a broker are trusted by their transport, not by this guard.
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean | undefined>(PUBLIC_KEY, targets)) return true;

    const http = context.switchToHttp();
    const request = http.getRequest<AuthenticatedRequest>();
    const queryToken = this.reflector.getAllAndOverride<boolean | undefined>(QUERY_TOKEN_KEY, targets) === true;
    const principal = await this.authenticate(request, http.getResponse<ReplyWithHeaders>(), queryToken);
    request.principal = principal;

    const allowed = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets) ?? [];
    if (allowed.length === 0) throw new ForbiddenException('this route names no roles that may call it, so it is closed to everyone');
    if (principal.role !== 'admin' && !allowed.includes(principal.role)) {
      throw new ForbiddenException(`role ${principal.role} may not call this route; allowed: ${[...allowed, 'admin'].join(', ')}`);
    }

    const kommune = kommuneParameter(request.params);
    if (kommune !== undefined && isKommuneRole(principal.role) && principal.kommune !== kommune) {
      throw new ForbiddenException(`a token for kommune ${principal.kommune} cannot access kommune ${kommune}`);
    }
    return true;
  }

  private async authenticate(request: AuthenticatedRequest, reply: ReplyWithHeaders, queryToken: boolean): Promise<Principal> {
    try {
      const fromQuery = queryToken && !request.headers.authorization ? accessTokenParameter(request.query) : undefined;
      return await this.verifier.verify(fromQuery ?? bearerToken(request.headers.authorization));
    } catch (error) {
      if (!(error instanceof UnauthenticatedError)) throw error; // e.g. the identity provider's keys cannot be fetched: a 500
      const challenge = 'Bearer';
      if (typeof reply.header === 'function') reply.header('WWW-Authenticate', challenge);
      else reply.setHeader?.('WWW-Authenticate', challenge);
      throw new UnauthorizedException(error.message);
    }
  }
}

function bearerToken(authorization: string | string[] | undefined): string {
  if (authorization === undefined || authorization === '') throw new UnauthenticatedError('no bearer token was given');
  const match = typeof authorization === 'string' ? /^Bearer +(\S+) *$/i.exec(authorization) : null;
  if (!match) throw new UnauthenticatedError('the Authorization header is not of the form "Bearer <token>"');
  return match[1]!;
}

/** RFC 6750 section 2.3: `?access_token=<token>`, on the routes marked `@QueryToken()` only. */
function accessTokenParameter(query: unknown): string | undefined {
  if (typeof query !== 'object' || query === null) return undefined;
  const value = (query as Record<string, unknown>).access_token;
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value === '') throw new UnauthenticatedError('the access_token parameter must be given once, not empty');
  return value;
}

function kommuneParameter(params: unknown): string | undefined {
  if (typeof params !== 'object' || params === null) return undefined;
  const value = (params as Record<string, unknown>).kommune;
  return typeof value === 'string' ? value : undefined;
}
