/** Whether `host` (a bind address, a URL's hostname or a peer address) is this machine. */
export function isLoopbackHost(host: string): boolean {
  const name = host.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  return name === 'localhost' || name === '::1' || /^(?:::ffff:)?127\.\d+\.\d+\.\d+$/.test(name);
}

const proxyHeaders = ['forwarded', 'x-forwarded-for', 'x-real-ip'] as const;

/** A proxy header the request carries: with a reverse proxy in front, a loopback peer may be anyone. */
export function proxyHeaderOf(headers: Headers): string | undefined {
  return proxyHeaders.find((name) => headers.has(name));
}
