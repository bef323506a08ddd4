// The catalogue (packages/protocol/catalogue) and the code cannot drift: every action, param, event and field is checked.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CatalogueError, loadCatalogue, type SpecField, specDir } from '../scripts/catalogue.js';
import { renderActions } from '../scripts/render-actions.js';
import { renderEvents } from '../scripts/render-events.js';
import { actionNames, actionTable, eventNames, eventTable, isEvent, methodName, validateEvent } from '../src/index.js';

const { actions, events } = loadCatalogue();
const src = join(import.meta.dirname, '..', 'src');

describe('generated tables are current', () => {
  it('actions.generated.ts matches actions.json (run `pnpm --filter @cqkit/protocol generate`)', () => {
    expect(readFileSync(join(src, 'actions.generated.ts'), 'utf8')).toBe(renderActions(actions));
  });
  it('events.generated.ts matches events.json (run `pnpm --filter @cqkit/protocol generate`)', () => {
    expect(readFileSync(join(src, 'events.generated.ts'), 'utf8')).toBe(renderEvents(events));
  });
});

describe('every action of the catalogue', () => {
  it('has an entry, and nothing else has one', () => {
    expect(actions).toHaveLength(80);
    expect(new Set(actionNames)).toEqual(new Set(actions.map((a) => a.name)));
  });

  it.each(actions.map((a) => [a.name, a] as const))('%s: params, types, required and defaults', (name, a) => {
    const spec = actionTable[name as keyof typeof actionTable];
    expect(spec.params.map((p) => p.name)).toEqual(a.params.map((p) => p.name));
    for (const p of a.params) {
      const mine = spec.params.find((q) => q.name === p.name)!;
      expect(mine.type).toBe(p.type);
      expect(mine.required).toBe(p.required === true);
      expect(mine.default ?? null).toEqual(p.default ?? null);
      expect(mine.format).toBe(p.format);
    }
    expect(spec.responseKind).toBe(a.response_kind ?? 'null');
    expect(spec.tier).toBe(a.tier);
  });

  it('has a distinct method name', () => {
    const names = actionNames.map((n) => methodName(n));
    expect(new Set(names).size).toBe(names.length);
    expect(methodName('send_group_msg')).toBe('sendGroupMsg');
    expect(methodName('_get_friend_list')).toBe('_getFriendList');
    expect(methodName('.handle_quick_operation')).toBe('handleQuickOperation');
    expect(methodName('get_group_member_info')).toBe('getGroupMemberInfo');
  });

  it('is classified for scheduling', () => {
    expect(actionTable.send_group_msg).toMatchObject({ effect: 'send', sendsMessage: true, target: 'group' });
    expect(actionTable.set_group_kick).toMatchObject({ effect: 'write', changesGroup: true, target: 'group' });
    expect(actionTable.get_group_list).toMatchObject({ effect: 'read', sendsMessage: false, target: null });
    expect(actionTable.clean_cache.effect).toBe('system');
    expect(actionTable.send_like).toMatchObject({ effect: 'write', target: 'user' });
    for (const a of actions) expect(['send', 'write', 'read', 'system']).toContain(actionTable[a.name as keyof typeof actionTable].effect);
  });

  it.each(actions.map((a) => [a.name, a] as const))('%s: scheduling policy is the catalogue data', (name, a) => {
    const spec = actionTable[name as keyof typeof actionTable];
    expect({ effect: spec.effect, changes_group: spec.changesGroup, rate_target: spec.target }).toEqual(a.policy);
    expect(spec.sendsMessage).toBe(a.policy.effect === 'send');
    // A rate target names a parameter the action really has.
    if (a.policy.rate_target) expect(a.params.map((p) => p.name)).toContain(`${a.policy.rate_target}_id`);
  });

  it('records older parameter names as aliases', () => {
    expect(actionTable.send_private_msg.paramAliases).toEqual({ is_raw: 'auto_escape' });
    expect(actionTable.set_group_add_request.paramAliases).toEqual({ type: 'sub_type' });
    expect(actionTable.ocr_image.nameAliases).toEqual(['.ocr_image']);
  });
});

describe('reading the catalogue', () => {
  it('lives in the package (no folder outside the repository needed) unless CQKIT_SPEC_DIR overrides it', () => {
    if (!process.env.CQKIT_SPEC_DIR) expect(specDir()).toBe(join(import.meta.dirname, '..', 'catalogue'));
  });

  it('refuses an action without a policy, naming it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cqkit-catalogue-'));
    try {
      const [first, ...rest] = JSON.parse(readFileSync(join(specDir(), 'actions.json'), 'utf8')) as Record<string, unknown>[];
      writeFileSync(join(dir, 'actions.json'), JSON.stringify([{ ...first, policy: { effect: 'post' } }, ...rest]));
      writeFileSync(join(dir, 'events.json'), readFileSync(join(specDir(), 'events.json')));
      expect(() => loadCatalogue(dir)).toThrow(CatalogueError);
      expect(() => loadCatalogue(dir)).toThrow(/action send_private_msg needs policy/);
      expect(() => loadCatalogue(join(dir, 'missing'))).toThrow(expect.objectContaining({ code: 'CQKIT_CATALOGUE' }));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('every event of the catalogue', () => {
  it('has an entry with all its fields', () => {
    expect(events).toHaveLength(24);
    expect(eventTable.map((e) => e.id)).toEqual(events.map((e) => e.id));
    for (const e of events) {
      const mine = eventTable.find((x) => x.id === e.id)!;
      expect(mine.fields.map((f) => f.name)).toEqual(e.fields.map((f) => f.name));
      expect(mine.quickOperation.map((q) => q.name)).toEqual(e.quick_operation.map((q) => q.name));
    }
  });

  it.each(events.map((e) => [e.id, e] as const))('%s: a well-formed instance validates strictly and is named', (id, e) => {
    const instance = (e as unknown as { example?: Record<string, unknown> }).example ?? sampleOf(e.fields);
    const result = validateEvent(instance, { strict: true });
    expect(result).toMatchObject({ ok: true });
    if (result.ok) expect(result.spec?.id).toBe(id);
    const names = eventNames(instance);
    expect(names[0]).toBe(e.post_type);
    expect(names[1]).toBe(`${e.post_type}/${e.detail_type}`);
    if (e.detail_type === 'notify') expect(names[2]).toBe(`notice/notify/${instance.sub_type}`);
  });

  it.each(events.map((e) => [e.id, e] as const))('%s: a field of the wrong type is rejected, with its name', (_id, e) => {
    const instance = sampleOf(e.fields);
    for (const f of e.fields) {
      const broken = { ...instance, [f.name]: f.type === 'number' ? 'not a number' : 12345 };
      if (f.type === 'message') broken[f.name] = 42;
      const result = validateEvent(broken);
      expect(result.ok, `${f.name} accepted with a wrong type`).toBe(false);
      if (!result.ok) expect(result.reason).toMatch(f.name);
    }
  });
});

describe('the event guard', () => {
  it('rejects garbage without throwing', () => {
    for (const garbage of [null, undefined, 42, 'event', [], [1], {}, { post_type: 'message' }, { post_type: 1, self_id: 1, time: 1 }]) {
      expect(validateEvent(garbage).ok).toBe(false);
    }
  });

  it('never throws, whatever it is given: arbitrary values, throwing getters, hostile proxies', () => {
    fc.assert(
      fc.property(fc.anything(), (value) => {
        expect(typeof validateEvent(value).ok).toBe('boolean');
        expect(typeof isEvent(value)).toBe('boolean');
      }),
      { numRuns: 300 },
    );
    const throwing = {
      time: 1,
      self_id: 1,
      get post_type(): string {
        throw new Error('getter boom');
      },
    };
    expect(validateEvent(throwing)).toEqual({ ok: false, reason: 'the event could not be read: getter boom' });
    const proxy = new Proxy(
      {},
      {
        get() {
          throw new Error('proxy boom');
        },
      },
    );
    expect(isEvent(proxy)).toBe(false);
    const message = { ...sampleOf(events.find((x) => x.id === 'message.group')!.fields) };
    Object.defineProperty(message, 'message', {
      enumerable: true,
      get() {
        throw new Error('late boom');
      },
    });
    expect(validateEvent(message)).toMatchObject({ ok: false, reason: expect.stringContaining('late boom') });
  });

  it('requires identifying fields even when not strict, and tolerates missing best-effort ones', () => {
    const e = events.find((x) => x.id === 'message.group')!;
    const instance = sampleOf(e.fields);
    const { group_id: _g, ...noGroup } = instance;
    expect(validateEvent(noGroup)).toMatchObject({ ok: false, reason: expect.stringMatching('group_id') });
    const { font: _f, sender: _s, ...lean } = instance;
    expect(validateEvent(lean).ok).toBe(true);
    expect(validateEvent(lean, { strict: true }).ok).toBe(false);
  });

  it('accepts events outside the catalogue with a valid envelope, named by their detail type', () => {
    const e = { time: 1, self_id: 10, post_type: 'notice', notice_type: 'group_msg_emoji_like', group_id: 5 };
    expect(validateEvent(e)).toMatchObject({ ok: true, spec: undefined });
    expect(eventNames(e)).toEqual(['notice', 'notice/group_msg_emoji_like']);
  });

  it('tells a friend poke from a group poke', () => {
    const base = { time: 1, self_id: 10, post_type: 'notice', notice_type: 'notify', sub_type: 'poke', user_id: 1, target_id: 10 };
    expect(validateEvent({ ...base, group_id: 5 })).toMatchObject({ ok: true, spec: { id: 'notice.notify.poke' } });
    expect(validateEvent({ ...base, sender_id: 1 })).toMatchObject({ ok: true, spec: { id: 'notice.notify.poke.friend' } });
  });
});

/** A well-formed value for each catalogue field: numbers 1, strings from their allowed values. */
function sampleOf(fields: SpecField[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    switch (f.type) {
      case 'number':
        out[f.name] = 1;
        break;
      case 'string':
        out[f.name] = f.values?.[0] ?? 'text';
        break;
      case 'boolean':
        out[f.name] = true;
        break;
      case 'message':
        out[f.name] = 'hello [CQ:face,id=1]';
        break;
      case 'object':
        out[f.name] = f.nullable ? null : sampleOf(f.fields ?? []);
        break;
      default:
        out[f.name] = [];
    }
  }
  return out;
}
