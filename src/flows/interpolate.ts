/** `{{ path.to.value }}`: the only template syntax. No expressions, no calls: nothing is executed. */
const placeholder = /\{\{(.*?)\}\}/g;
const dottedPath = /^\s*([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)\s*$/;

/** Names a template may start with; anything else is a validation error at load time. */
export const templateRoots = ['shop', 'cart', 'order', 'vars', 'user', 'product', 'faq', 'locale'] as const;

/** Problems in a template, e.g. `{{ 1 + 1 }}` or an unknown root; [] when fine. */
export function checkTemplate(template: string): string[] {
  const problems: string[] = [];
  for (const match of template.matchAll(placeholder)) {
    const path = dottedPath.exec(match[1] ?? '');
    if (!path) {
      problems.push(`"${match[0]}" is not a value name: only {{ name.path }} is allowed (no expressions)`);
      continue;
    }
    const root = (path[1] ?? '').split('.')[0] ?? '';
    if (!(templateRoots as readonly string[]).includes(root)) {
      problems.push(`"${match[0]}": unknown value "${root}"; use one of ${templateRoots.join(', ')}`);
    }
  }
  return problems;
}

/** Replaces each `{{ path }}` with the value found in `data`; a missing value becomes "". */
export function interpolate(template: string, data: Record<string, unknown>): string {
  return template.replace(placeholder, (_whole, expression: string) => {
    const path = dottedPath.exec(expression);
    if (!path) return '';
    let value: unknown = data;
    for (const part of (path[1] ?? '').split('.')) {
      if (value === null || typeof value !== 'object' || !Object.hasOwn(value, part)) return '';
      value = (value as Record<string, unknown>)[part];
    }
    return value === undefined || value === null || typeof value === 'object' ? '' : String(value);
  });
}
