#!/usr/bin/env node
// The `kaiwa` command. Kaiwa ships TypeScript sources and runs them through tsx,
// so a merchant's custom actions in TypeScript load without a build step.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/index.ts');
