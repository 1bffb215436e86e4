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
  if (
    url.startsWith('file:') &&
    !url.includes('/node_modules/') &&
    /\.(ts|tsx|js|jsx|mts|mjs)$/.test(url) &&
    roots.some((root) => url.startsWith(root))
  )
    return { ...resolved, format: 'module' };
  return resolved;
}
