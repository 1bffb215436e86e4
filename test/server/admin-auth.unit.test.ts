import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { adminAuth, adminTokenMissing } from '../../src/server/admin-auth.js';

const token = 'a-long-admin-token-0123456789';

function appWith(access: { token: string | undefined; host: string }): Hono {
  const app = new Hono();
  app.use('/console/*', adminAuth(access));
  app.get('/console/orders', (c) => c.text('orders'));
  return app;
}

describe('admin access', () => {
  it('is open on a loopback bind with no token', async () => {
    const response = await appWith({ token: undefined, host: '127.0.0.1' }).request('/console/orders');
    expect(response.status).toBe(200);
  });

  it('is required by kaiwa start in production or with a public PUBLIC_URL', () => {
    expect(adminTokenMissing({})).toBeUndefined();
    expect(adminTokenMissing({ PUBLIC_URL: 'http://localhost:3000' })).toBeUndefined();
    expect(adminTokenMissing({ PUBLIC_URL: 'http://[::1]:3000', NODE_ENV: 'development' })).toBeUndefined();
    expect(adminTokenMissing({ NODE_ENV: 'production' })).toBe('NODE_ENV is production');
    expect(adminTokenMissing({ PUBLIC_URL: 'https://shop.example' })).toMatch(/is not this machine/);
    expect(
      adminTokenMissing({ PUBLIC_URL: 'https://shop.example', NODE_ENV: 'production', ADMIN_TOKEN: token }),
    ).toBeUndefined();
  });

  it('answers 401 on a non-loopback bind with no token set, whatever is sent', async () => {
    const app = appWith({ token: undefined, host: '0.0.0.0' });
    expect((await app.request('/console/orders')).status).toBe(401);
    expect((await app.request('/console/orders', { headers: { authorization: 'Bearer anything' } })).status).toBe(401);
  });

  it('needs the bearer token once ADMIN_TOKEN is set, even on loopback', async () => {
    const app = appWith({ token, host: '127.0.0.1' });
    expect((await app.request('/console/orders')).status).toBe(401);
    expect((await app.request('/console/orders', { headers: { authorization: `Bearer ${token}x` } })).status).toBe(401);
    const ok = await app.request('/console/orders', { headers: { authorization: `Bearer ${token}` } });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('orders');
  });

  it('trades ?admin_token for an HttpOnly SameSite=Strict cookie and drops it from the address', async () => {
    const app = appWith({ token, host: '0.0.0.0' });
    const login = await app.request(`/console/orders?status=paid&admin_token=${token}`);
    expect(login.status).toBe(303);
    expect(login.headers.get('location')).toBe('/console/orders?status=paid');
    const cookie = login.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const page = await app.request('/console/orders', { headers: { cookie: cookie.split(';')[0] ?? '' } });
    expect(page.status).toBe(200);
    expect((await app.request('/console/orders?admin_token=wrong')).status).toBe(401);
  });
});
