import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createKaiwa } from '../../src/app/index.js';
import { loadShopConfig } from '../../src/config/load-config.js';
import { createApp } from '../../src/server/app.js';
import { shopIdentity } from '../../src/server/shop-identity.js';

const work = mkdtempSync(join(tmpdir(), 'kaiwa-shop-route-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const identityOf = async (dir: string) => shopIdentity((await loadShopConfig(dir)).shop.shop);

/** A copy of examples/shop's kaiwa.yaml (only the file is read here) with `edit` applied. */
function editedShop(edit: (yaml: string) => string): string {
  const dir = mkdtempSync(join(work, 'shop-'));
  cpSync('examples/shop/kaiwa.yaml', join(dir, 'kaiwa.yaml'));
  writeFileSync(join(dir, 'kaiwa.yaml'), edit(readFileSync(join(dir, 'kaiwa.yaml'), 'utf8')));
  return dir;
}

describe('a shop identity', () => {
  it('is the same for the same shop wherever its folder is, and changes with its name, locales or currency', async () => {
    const example = await identityOf('examples/shop');
    expect(example).toEqual({ name: '茶話 Sawa Tea', id: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(await identityOf(editedShop((yaml) => yaml))).toEqual(example);
    // The order of the name's locales is not part of it; comments and other settings are not either.
    const reordered = editedShop((yaml) =>
      yaml
        .replace('    ja: 茶話 Sawa Tea\n    en: Sawa Tea\n', '    en: Sawa Tea\n    ja: 茶話 Sawa Tea\n')
        .replace('reservationMinutes: 30', 'reservationMinutes: 45'),
    );
    expect(await identityOf(reordered)).toEqual(example);
    for (const edit of [
      (yaml: string) => yaml.replace('en: Sawa Tea', 'en: Sawa Tea Annex'),
      (yaml: string) => yaml.replace('locales: [ja, en]', 'locales: [ja, en, fr]'),
      (yaml: string) => yaml.replace('currency: JPY', 'currency: USD'),
    ])
      expect((await identityOf(editedShop(edit))).id).not.toBe(example.id);
    expect((await identityOf('test/fixtures/echo-shop')).id).not.toBe(example.id);
  });
});

describe('GET /api/shop', () => {
  it('names the shop and its id, without ADMIN_TOKEN although the server has one; id null where the context has none', async () => {
    const kaiwa = await createKaiwa({
      shopDir: 'examples/shop',
      env: { DATABASE_URL: 'sqlite::memory:', ADMIN_TOKEN: 'a-long-admin-token-for-this-test-0123456789' },
      log: () => undefined,
    });
    try {
      const { id } = await identityOf('examples/shop');
      // createKaiwa's context carries the shop's id: every server built from it answers with it.
      expect(kaiwa.app.shopId).toBe(id);
      const app = createApp(kaiwa.app);
      const response = await app.request('/api/shop', { headers: { host: 'shop.example.com' } });
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ name: '茶話 Sawa Tea', id });
      // The guarded routes beside it still want the token.
      expect((await app.request('/simulator/api/status', { headers: { host: 'shop.example.com' } })).status).toBe(401);
      expect(await (await createApp({ ...kaiwa.app, shopId: undefined }).request('/api/shop')).json()).toEqual({
        name: '茶話 Sawa Tea',
        id: null,
      });
    } finally {
      await kaiwa.close();
    }
  });
});
