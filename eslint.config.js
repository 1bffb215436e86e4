import js from '@eslint/js';
import { readdirSync } from 'node:fs';
import tseslint from 'typescript-eslint';

// Imports point downward only (docs/architecture): core imports nothing of ours; adapters import core only.
const layer = (files, forbidden, message) => ({
  files,
  rules: {
    'no-restricted-imports': [
      'error',
      { patterns: forbidden.map((group) => ({ group: Array.isArray(group) ? group : [group], message })) },
    ],
  },
});

export default tseslint.config(
  {
    ignores: [
      '.puppeteerrc.cjs',
      'node_modules/**',
      'data/**',
      'tmp/**',
      'coverage/**',
      'dist/**',
      'src/simulator/web/assets/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // Request bodies are read in one place, as a stream with a limit (src/server/raw-request.ts).
    files: ['src/**'],
    ignores: ['src/server/raw-request.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector:
            'MemberExpression[object.property.name=/^(req|raw)$/][property.name=/^(arrayBuffer|json|text|blob|formData|parseBody)$/]',
          message:
            'Read request bodies with readBody/readJsonBody/toRawRequest (src/server/raw-request.ts): they stop at the limit.',
        },
      ],
    },
  },
  layer(
    ['src/core/**'],
    [
      '**/channels/**',
      '**/payments/**',
      '**/store/**',
      '**/llm/**',
      '**/flows/**',
      '**/catalog/**',
      '**/modules/**',
      '**/server/**',
      '**/cli/**',
      '**/simulator/**',
      '**/app/**',
      '**/shop/**',
      'xstate',
      'hono',
      'better-sqlite3',
      'pg',
    ],
    'src/core imports nothing outside src/core, and no SDK.',
  ),
  layer(
    ['src/channels/**', 'src/payments/**', 'src/store/**', 'src/llm/**'],
    [
      '**/flows/**',
      '**/catalog/**',
      '**/modules/**',
      '**/server/**',
      '**/cli/**',
      '**/app/**',
      '**/shop/**',
      '**/simulator/**',
    ],
    'Adapters import src/core only (plus their SDK).',
  ),
  layer(
    ['src/flows/**', 'src/catalog/**'],
    [
      '**/channels/**',
      '**/payments/**',
      '**/store/**',
      '**/llm/**',
      '**/server/**',
      '**/cli/**',
      '**/app/**',
      // The one positioned-YAML reader is shared by every file format.
      ['**/shop/**', '!**/shop/yaml.js'],
    ],
    'Domain code imports src/core (and the YAML reader in src/shop/yaml.ts) only; adapters are wired in src/app.',
  ),
  // A feature module imports src/core (and src/store/slice.ts for its store slice); modules reach each other through ports.
  ...readdirSync('src/modules', { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map(({ name }) =>
      layer(
        [`src/modules/${name}/**`],
        [
          ...readdirSync('src/modules', { withFileTypes: true })
            .filter((other) => other.isDirectory() && other.name !== name)
            .map((other) => `**/modules/${other.name}/**`),
          '**/modules/index.js',
          '**/flows/**',
          '**/catalog/**',
          '**/channels/**',
          '**/payments/**',
          // A module owns its store slice: the slice's types (src/store/slice.ts), not the stores.
          ['**/store/**', '!**/store/slice.js'],
          '**/server/**',
          '**/cli/**',
          '**/app/**',
          '**/shop/**',
          '**/simulator/**',
          '**/console/**',
        ],
        `src/modules/${name} imports src/core (and the slice types of src/store/slice.ts) only; other modules are reached through ports.`,
      ),
    ),
  layer(
    ['src/server/**', 'src/simulator/**', 'src/console/**', 'src/shop/**'],
    ['**/app/**', '**/cli/**'],
    'HTTP, simulator, console and shop-folder code is wired by src/app; it does not import it or the CLI.',
  ),
);
