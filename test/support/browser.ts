import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

// Of @sparticuz/chromium's serverless flags, those this build needs to draw and to run its helper processes.
const packagedFlags = [
  '--no-zygote',
  '--in-process-gpu',
  '--use-gl=angle',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
];
const flags = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--lang=en-US',
];

/**
 * A headless Chromium that needs nothing installed by hand: CHROMIUM_PATH if set, else the build that
 * `npm install` brings in @sparticuz/chromium (unpacked to the temp folder on first use; launched with our
 * own flags, not its serverless ones: those run one process and turn web security off), else a
 * system Chromium. No test tool downloads a browser of its own.
 */
export async function launchBrowser(): Promise<Browser> {
  if (process.env.CHROMIUM_PATH) return chromium.launch({ executablePath: process.env.CHROMIUM_PATH, args: flags });
  try {
    const { default: packaged } = await import('@sparticuz/chromium');
    return await chromium.launch({
      executablePath: await packaged.executablePath(),
      args: [...flags, ...packagedFlags],
      headless: true,
    });
  } catch (error) {
    const system = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find((path) =>
      existsSync(path),
    );
    if (!system) throw error;
    return chromium.launch({ executablePath: system, args: flags });
  }
}
