import { channelContract } from '../../src/testing/index.js';
import { botframeworkHarness } from '../support/channel-harnesses/botframework.js';
import { instagramHarness } from '../support/channel-harnesses/instagram.js';
import { lineHarness } from '../support/channel-harnesses/line.js';
import { messengerHarness } from '../support/channel-harnesses/messenger.js';
import { telegramHarness } from '../support/channel-harnesses/telegram.js';
import { whatsappHarness } from '../support/channel-harnesses/whatsapp.js';

// Every built-in webhook channel against its fake platform (WhatsApp Web has no webhook: a client session).
channelContract('telegram', telegramHarness);
channelContract('line', lineHarness);
channelContract('messenger', messengerHarness);
channelContract('whatsapp', whatsappHarness);
channelContract('instagram', instagramHarness);
channelContract('botframework', botframeworkHarness);
