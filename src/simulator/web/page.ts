import { escapeHtml } from '../../core/index.js';

/**
 * The browser simulator's page: a shell for `assets/simulator.js` and `assets/simulator.css`,
 * served from this server (`/simulator/assets/…`) with no build step.
 */
export function simulatorHtml(shopName: string): string {
  const name = escapeHtml(shopName);
  return `<!doctype html><html lang="ja"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Kaiwa simulator — ${name}</title><link rel="stylesheet" href="/simulator/assets/simulator.css"></head><body>
<header><strong>${name}</strong><span>simulator</span><button id="add" type="button">+ shopper</button><a id="console-link" href="/console">console →</a></header>
<div id="reload" role="alert"></div>
<div id="workspace"><div id="panes"></div>
<aside id="inspector" aria-label="inspector"><h3>flow · <span id="who"></span></h3><div id="diagram"></div><div id="global"></div>
<h3>context</h3><pre id="context"></pre><h3>event log</h3><div id="events"></div></aside></div>
<div id="checkout" role="dialog" aria-label="checkout"><div class="frame"><header><span>checkout</span><button class="close" type="button">close ×</button></header><iframe title="checkout"></iframe></div></div>
<script src="/simulator/assets/simulator.js"></script></body></html>`;
}
