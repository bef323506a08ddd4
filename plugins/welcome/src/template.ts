/**
 * Welcome templates: `Welcome {at} to {groupName}!`. The template itself may hold CQ codes (it is
 * written by the bot's owner); the values put in are escaped, so a member named `[CQ:at,qq=all]`
 * stays text.
 */
import { escapeText, segment, stringifyCQ } from '@cqkit/protocol';

export const placeholders = ['at', 'name', 'user', 'group', 'groupName'] as const;
export type Placeholder = (typeof placeholders)[number];

export type TemplatePart = { literal: string } | { placeholder: Placeholder };

export interface TemplateValues {
  user: number;
  group: number;
  /** Looked up only when the template uses it. */
  name?: string;
  groupName?: string;
}

const pattern = /\{([^{}]*)\}/g;

/** The names in braces that are not placeholders (empty when the template is valid). */
export function unknownPlaceholders(template: string): string[] {
  const unknown: string[] = [];
  for (const match of template.matchAll(pattern)) {
    const name = match[1]!;
    if (!(placeholders as readonly string[]).includes(name)) unknown.push(`{${name}}`);
  }
  return unknown;
}

export function compileTemplate(template: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let last = 0;
  for (const match of template.matchAll(pattern)) {
    if (match.index > last) parts.push({ literal: template.slice(last, match.index) });
    parts.push({ placeholder: match[1] as Placeholder });
    last = match.index + match[0].length;
  }
  if (last < template.length) parts.push({ literal: template.slice(last) });
  return parts;
}

export function uses(parts: readonly TemplatePart[], placeholder: Placeholder): boolean {
  return parts.some((p) => 'placeholder' in p && p.placeholder === placeholder);
}

/** The message as a CQ-code string. */
export function renderTemplate(parts: readonly TemplatePart[], values: TemplateValues): string {
  let out = '';
  for (const part of parts) {
    if ('literal' in part) {
      out += part.literal;
      continue;
    }
    switch (part.placeholder) {
      case 'at':
        out += stringifyCQ([segment.at(values.user)]);
        break;
      case 'name':
        out += escapeText(values.name ?? String(values.user));
        break;
      case 'user':
        out += String(values.user);
        break;
      case 'group':
        out += String(values.group);
        break;
      case 'groupName':
        out += escapeText(values.groupName ?? String(values.group));
        break;
    }
  }
  return out;
}
