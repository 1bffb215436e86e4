import { safeEqual, SignatureError, type RawRequest } from '../../core/index.js';

/**
 * Telegram signs nothing; it echoes the secret given to setWebhook in a header. Comparing it in
 * constant time is the whole check, so a webhook secret is required.
 */
export function verifyTelegramRequest(request: RawRequest, secret: string): void {
  const given = request.headers.get('x-telegram-bot-api-secret-token');
  if (!given || !safeEqual(given, secret))
    throw new SignatureError('X-Telegram-Bot-Api-Secret-Token is missing or wrong');
}
