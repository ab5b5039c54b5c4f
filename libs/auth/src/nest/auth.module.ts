import { Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { createTokenVerifier, type TokenVerifierConfig } from '../token-verifier';
import { AuthGuard, TOKEN_VERIFIER } from './auth.guard';

/** Puts the guard in front of every route of the app, and the verifier where other providers can inject it. */
@Module({})
export class AuthModule {
  static forRoot(config: TokenVerifierConfig): DynamicModule {
    return {
      module: AuthModule,
      global: true,
      providers: [
        { provide: TOKEN_VERIFIER, useFactory: () => createTokenVerifier(config) },
        { provide: APP_GUARD, useClass: AuthGuard },
      ],
      exports: [TOKEN_VERIFIER],
    };
  }
}
