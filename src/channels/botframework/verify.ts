import { ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import { AuthenticationConstants, ServiceClientCredentialsFactory } from 'botframework-connector';
import { isLoopbackHost, proxyHeaderOf, SignatureError, type RawRequest } from '../../core/index.js';
import { isLoopbackUrl } from './address.js';
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

export interface BotFrameworkVerifyOptions {
  appId?: string;
  /** Where the channel's signing keys are published (BOTFRAMEWORK_OPENID_METADATA_URL); the SDK's default otherwise. */
  openIdMetadataUrl?: string;
  emulatorOpenIdMetadataUrl?: string;
}

/**
 * Emulator mode (no app id): nothing is signed, so only the Emulator on this machine may talk to
 * the bot. A loopback peer is not enough behind a same-host proxy (every client arrives from
 * loopback, with a proxy header), and replies go to the activity's serviceUrl, which must
 * therefore be this machine too: otherwise anyone could make the server post wherever they like.
 */
function verifyEmulator(request: RawRequest): void {
  const refuse = (why: string) =>
    new SignatureError(`Bot Framework without MICROSOFT_APP_ID serves only the Emulator on this machine: ${why}`);
  if (request.remoteAddress === undefined || !isLoopbackHost(request.remoteAddress))
    throw refuse('the request is not from a loopback address');
  const proxied = proxyHeaderOf(request.headers);
  if (proxied) throw refuse(`the request came through a proxy (${proxied} header)`);
  const serviceUrl = readActivity(request).serviceUrl;
  if (typeof serviceUrl !== 'string' || !isLoopbackUrl(serviceUrl))
    throw refuse('its serviceUrl is not a loopback address');
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
      ToBotFromChannelOpenIdMetadataUrl:
        options.openIdMetadataUrl ?? AuthenticationConstants.ToBotFromChannelOpenIdMetadataUrl,
      ToBotFromEmulatorOpenIdMetadataUrl:
        options.emulatorOpenIdMetadataUrl ?? AuthenticationConstants.ToBotFromEmulatorOpenIdMetadataUrl,
      CallerId: 'urn:botframework:azure',
    },
    new AppIdCheck(options.appId),
  );
  return async (request) => {
    if (!options.appId) return verifyEmulator(request);
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
