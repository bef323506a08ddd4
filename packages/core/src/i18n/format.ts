/** Filling a template: `{name}` is replaced by the parameter's text; `{{` and `}}` are literal braces. */
import type { Template } from './messages.js';

export function formatTemplate<P>(template: Template<P>, params: P): string {
  if (typeof template === 'function') return template(params);
  const values = (params ?? {}) as Record<string, unknown>;
  return template.replace(/\{\{|\}\}|\{([A-Za-z_][\w]*)\}/g, (whole, name: string | undefined) => {
    if (whole === '{{') return '{';
    if (whole === '}}') return '}';
    const value = values[name!];
    return value === undefined || value === null ? whole : String(value);
  });
}
