// Every one of the 24 catalogue events can be produced, and each posted event has exactly the
// catalogue's fields and types (checked against events.json, independently of @cqkit/protocol).
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock, type Sandbox } from '../src/index.js';
import { callAction, catalogueIdOf, loadEvents, type Receiver, shapeProblems, startReceiver, startSandbox } from './helpers.js';

let sandbox: Sandbox | undefined;
let receiver: Receiver | undefined;
afterEach(async () => {
  await sandbox?.stop();
  await receiver?.close();
  sandbox = undefined;
  receiver = undefined;
});

const catalogue = loadEvents();

describe('events against events.json', () => {
  it.each(['string', 'array'] as const)('covers all 24 events with the catalogue shapes (format %s)', async (format) => {
    const clock = new ManualClock();
    receiver = await startReceiver();
    sandbox = await startSandbox({ postUrl: receiver.url, clock, heartbeat: { interval: 1000 }, postMessageFormat: format });
    const sb = sandbox;
    sb.say({ user: 2001, text: 'private' });
    sb.say({ user: 2002, group: 3001, message: 'group [CQ:face,id=1]' });
    sb.say({ user: 2005, group: 3002, anonymous: { name: 'Ghost' }, text: 'anonymous' });
    sb.say({ user: 2001, discuss: 4001, text: 'discuss' });
    sb.upload({ group: 3001, user: 2002, name: 'a.txt' });
    await callAction(sb, 'set_group_admin', { group_id: 3001, user_id: 2003 });
    sb.leave({ group: 3001, user: 2004 });
    sb.join({ group: 3001, user: 2009, subType: 'invite', operator: 2001 });
    sb.ban({ group: 3001, user: 2002, duration: 60, operator: 2001 });
    await callAction(sb, 'set_friend_add_request', { flag: 'friend-2009' });
    const sent = (await callAction(sb, 'send_private_msg', { user_id: 2001, message: 'oops' })).data as { message_id: number };
    await callAction(sb, 'delete_msg', { message_id: sent.message_id });
    await callAction(sb, 'delete_msg', { message_id: 1 });
    sb.poke({ user: 2002, group: 3001 });
    sb.luckyKing({ group: 3001, sender: 2001, winner: 2002 });
    sb.honor({ group: 3001, user: 2003, type: 'talkative' });
    sb.friendRequest({ user: 2004, comment: 'hi' });
    sb.groupRequest({ group: 3005, user: 2011, subType: 'invite' });
    sb.groupRequest({ group: 3001, user: 2010, comment: 'again' });
    clock.advance(1000); // heartbeat
    sb.poke({ user: 2001 });
    await callAction(sb, 'set_group_special_title', { group_id: 3001, user_id: 2003, special_title: 'Wise' });
    await callAction(sb, 'set_group_card', { group_id: 3001, user_id: 2003, card: 'C' });
    sb.offlineFile({ user: 2001, name: 'doc.pdf' });
    sb.clientStatus({ online: true });
    await callAction(sb, 'set_essence_msg', { message_id: 2 + 100 });
    await sb.settled();

    const byId = new Map(catalogue.map((e) => [e.id, e]));
    const seen = new Set<string>();
    for (const post of receiver.posts) {
      const id = catalogueIdOf(post.event);
      const spec = byId.get(id);
      expect(spec, `unknown event ${id}`).toBeDefined();
      expect(shapeProblems(post.event, spec?.fields ?? []), id).toEqual([]);
      if (post.event.post_type === 'message') {
        expect(typeof post.event.message === 'string').toBe(format === 'string');
        expect(typeof post.event.raw_message).toBe('string');
      }
      seen.add(id);
    }
    expect([...seen].sort()).toEqual(catalogue.map((e) => e.id).sort());
  });
});
