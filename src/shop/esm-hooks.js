// Module hooks (node:module register) for a shop's own code: actions.ts/actions.js and whatever they
// import from the shop folder load as ES modules whatever the nearest package.json says, so a shop
// folder works in any project (one without "type": "module" included). Files under node_modules and
// explicit CommonJS (.cts, .cjs) are left alone.
/** @type {string[]} */
let roots = [];

/** @param {{ roots: string[] }} data */
export function initialize(data) {
  roots = [...roots, ...data.roots];
}

/**
 * @param {string} specifier
 * @param {{ parentURL?: string }} context
 * @param {(specifier: string, context: object) => Promise<{ url: string; format?: string | null }>} nextResolve
 */
export async function resolve(specifier, context, nextResolve) {
  const resolved = await nextResolve(specifier, context);
  const { url } = resolved;
  const [path = url] = url.split('?');
  if (
    path.startsWith('file:') &&
    !path.includes('/node_modules/') &&
    /\.(ts|tsx|js|jsx|mts|mjs)$/.test(path) &&
    roots.some((root) => path.startsWith(root))
  )
    return { ...resolved, url: sameGeneration(url, context.parentURL), format: 'module' };
  return resolved;
}

/**
 * Hot reload imports the actions module again as `actions.ts?kaiwa-reload=N` (a new module for
 * Node's cache); what it imports from the shop folder gets the same N, so the whole of the shop's
 * own code is read again, while Kaiwa and node_modules stay as they are.
 * @param {string} url
 * @param {string | undefined} parentURL
 */
function sameGeneration(url, parentURL) {
  const generation = parentURL ? new URL(parentURL).searchParams.get('kaiwa-reload') : null;
  if (!generation || new URL(url).searchParams.has('kaiwa-reload')) return url;
  return `${url}${url.includes('?') ? '&' : '?'}kaiwa-reload=${generation}`;
}
