import { ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import { AuthenticationConstants, ServiceClientCredentialsFactory } from 'botframework-connector';
import { SignatureError, type RawRequest } from '../../core/index.js';
import { readActivity } from './parse.js';

/** Only the parts inbound validation needs: which app id is ours, and whether auth is off. */
class AppIdCheck extends ServiceClientCredentialsFactory {
  constructor(private readonly appId: string | undefined) {
    super();
  }
  async isValidAppId(appId: string): Promise<boolean> {
    return this.appId !== undefined && appId === this.appId;
  }
  async isAuthenticationDisabled(): Promise<boolean> {
    return this.appId === undefined;
  }
  async createCredentials(): Promise<never> {
    throw new Error('replies use createTokenSource, not the SDK credentials');
  }
}

const loopback = (address: string | undefined) => address !== undefined && (address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.'));

export interface BotFrameworkVerifyOptions {
  appId?: string;
  /** Where the channel's signing keys are published (BOTFRAMEWORK_OPENID_METADATA_URL); the SDK's default otherwise. */
  openIdMetadataUrl?: string;
  emulatorOpenIdMetadataUrl?: string;
}

/**
 * Validates the `Authorization: Bearer <JWT>` of a channel request with the SDK's own checks
 * (signature against Microsoft's published keys, issuer, audience = our app id, serviceUrl claim,
 * endorsements). With no app id set, only the Bot Framework Emulator on this machine may talk to
 * the bot: the request must come from a loopback address.
 */
export function createBotFrameworkVerifier(options: BotFrameworkVerifyOptions): (request: RawRequest) => Promise<void> {
  const auth = new ConfigurationBotFrameworkAuthentication(
    {
      // The SDK takes these all-or-nothing: the public cloud's values, with the key URLs overridable.
      ...(options.appId ? { MicrosoftAppId: options.appId } : {}),
      ValidateAuthority: true,
      ToChannelFromBotLoginUrl: AuthenticationConstants.ToChannelFromBotLoginUrl,
      ToChannelFromBotOAuthScope: AuthenticationConstants.ToChannelFromBotOAuthScope,
      ToBotFromChannelTokenIssuer: AuthenticationConstants.ToBotFromChannelTokenIssuer,
      OAuthUrl: AuthenticationConstants.OAuthUrl,
      ToBotFromChannelOpenIdMetadataUrl: options.openIdMetadataUrl ?? AuthenticationConstants.ToBotFromChannelOpenIdMetadataUrl,
      ToBotFromEmulatorOpenIdMetadataUrl: options.emulatorOpenIdMetadataUrl ?? AuthenticationConstants.ToBotFromEmulatorOpenIdMetadataUrl,
      CallerId: 'urn:botframework:azure',
    },
    new AppIdCheck(options.appId),
  );
  return async (request) => {
    if (!options.appId) {
      if (!loopback(request.remoteAddress)) throw new SignatureError('Bot Framework without MICROSOFT_APP_ID accepts only the Emulator on this machine (a loopback address)');
      return;
    }
    const header = request.headers.get('authorization') ?? '';
    if (!header.startsWith('Bearer ')) throw new SignatureError('missing Authorization: Bearer token');
    const activity = readActivity(request);
    try {
      await auth.authenticateRequest(activity as never, header);
    } catch (error) {
      throw new SignatureError(`Bot Framework token refused: ${(error as Error).message}`);
    }
  };
}
