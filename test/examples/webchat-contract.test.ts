import { channelContract } from 'kaiwajs/testing';
import { webchatHarness } from '../../examples/channels/webchat/fake-platform.js';

// The example adapter of one's own passes the same contract as the built-in channels.
channelContract('webchat (examples/channels/webchat)', webchatHarness);
