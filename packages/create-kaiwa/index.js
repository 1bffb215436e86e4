#!/usr/bin/env node
// npm create kaiwa@latest my-shop [-- --name … --locales ja,en --currency JPY --channels line --yes --install]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { channelNames, minorDigits, shopFiles } from './template.js';

const version = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')).version;
const usage = `Usage: npm create kaiwa@latest <folder> [-- options]

Options:
  --name <text>        the shop's name (default: the folder's name)
  --locales <list>     en, ja or ja,en; the first is the default language (default: en)
  --currency <code>    ISO 4217 currency (default: USD, or JPY when the first locale is ja)
  --channels <list>    ${channelNames.join(', ')}: their variables go into .env.example (default: none)
  --install            run npm install in the new folder
  --kaiwa <spec>       the kaiwajs dependency to write (default: ^${version})
  -y, --yes            take the defaults without asking
  -h, --help           this text`;

/** A problem with what was asked for: printed without a stack trace, exit status 1. */
class UsageError extends Error {}

function parse(argv) {
  try {
    return parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        name: { type: 'string' },
        locales: { type: 'string' },
        currency: { type: 'string' },
        channels: { type: 'string' },
        install: { type: 'boolean', default: false },
        kaiwa: { type: 'string' },
        yes: { type: 'boolean', short: 'y', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    throw new UsageError(`${error.message}\n\n${usage}`);
  }
}

const list = (value) =>
  value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);

function checkLocales(value) {
  const locales = list(value);
  const unknown = locales.filter((locale) => locale !== 'en' && locale !== 'ja');
  if (locales.length === 0 || unknown.length > 0)
    throw new UsageError(`--locales: the shop's texts come in en and ja; got "${value}"`);
  return [...new Set(locales)];
}

function checkCurrency(value) {
  const currency = value.trim().toUpperCase();
  try {
    if (!/^[A-Z]{3}$/.test(currency)) throw new Error();
    minorDigits(currency);
  } catch {
    throw new UsageError(`--currency: "${value}" is no ISO 4217 currency code (e.g. USD, JPY, EUR)`);
  }
  return currency;
}

function checkChannels(value) {
  const channels = list(value);
  const unknown = channels.filter((channel) => !channelNames.includes(channel));
  if (unknown.length > 0)
    throw new UsageError(`--channels: unknown ${unknown.join(', ')} (choose from ${channelNames.join(', ')})`);
  return channels;
}

const slugOf = (text) =>
  text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '') || 'my-shop';

async function answersFor(values, folder) {
  const interactive = !values.yes && process.stdin.isTTY && process.stdout.isTTY;
  const rl = interactive ? createInterface({ input: process.stdin, output: process.stdout }) : undefined;
  const ask = async (question, given, fallback, check) => {
    if (given !== undefined) return check(given);
    if (!rl) return check(fallback);
    for (;;) {
      const answer = (await rl.question(`${question} (${fallback || 'none'}): `)).trim() || fallback;
      try {
        return check(answer);
      } catch (error) {
        console.error(error.message);
      }
    }
  };
  try {
    const name = await ask('Shop name', values.name, basename(folder), (value) => {
      if (!value.trim()) throw new UsageError('--name: the shop needs a name');
      return value.trim();
    });
    const locales = await ask('Languages (en, ja or ja,en)', values.locales, 'en', checkLocales);
    const currency = await ask('Currency', values.currency, locales[0] === 'ja' ? 'JPY' : 'USD', checkCurrency);
    const channels = await ask(`Channels (${channelNames.join(', ')})`, values.channels, '', checkChannels);
    return { name, slug: slugOf(basename(folder)), locales, currency, channels, kaiwa: values.kaiwa ?? `^${version}` };
  } finally {
    rl?.close();
  }
}

async function main() {
  const { values, positionals } = parse(process.argv.slice(2));
  if (values.help) return console.log(usage);
  if (positionals.length !== 1) throw new UsageError(`name the folder to create\n\n${usage}`);
  const folder = resolve(positionals[0]);
  if (existsSync(folder) && readdirSync(folder).length > 0)
    throw new UsageError(`${positionals[0]} exists and is not empty: choose another folder`);
  const answers = await answersFor(values, folder);
  for (const [file, content] of Object.entries(shopFiles(answers))) {
    mkdirSync(dirname(join(folder, file)), { recursive: true });
    writeFileSync(join(folder, file), content);
  }
  console.log(`Created ${answers.name} in ${positionals[0]} (${answers.locales.join('/')}, ${answers.currency})`);
  if (values.install) {
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const run = spawnSync(npm, ['install'], { cwd: folder, stdio: 'inherit' });
    if (run.status !== 0) throw new UsageError(`npm install failed in ${positionals[0]}`);
  }
  console.log(`\nNext:\n  cd ${positionals[0]}\n${values.install ? '' : '  npm install\n'}  npm run dev`);
}

main().catch((error) => {
  console.error(error instanceof UsageError ? `create-kaiwa: ${error.message}` : error);
  process.exit(1);
});
