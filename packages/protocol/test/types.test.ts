// Type-level checks: the generated types are exact to the catalogue (vitest's expectTypeOf fails typecheck otherwise).
import { describe, expectTypeOf, it } from 'vitest';
import type {
  ActionParams,
  ActionResult,
  CQEvent,
  EventNameMap,
  FriendPokeNotice,
  GroupMessageEvent,
  GroupMessageEventQuickOperation,
  GroupPokeNotice,
  MethodName,
  QuickOperationFor,
} from '../src/index.js';

describe('action types', () => {
  it('params: required ids as numbers, optional params optional', () => {
    expectTypeOf<ActionParams<'send_group_msg'>['group_id']>().toEqualTypeOf<number>();
    expectTypeOf<ActionParams<'set_group_ban'>>().toHaveProperty('duration');
    expectTypeOf<{ group_id: 1; user_id: 2 }>().toExtend<ActionParams<'set_group_ban'>>();
    expectTypeOf<{ group_id: 1 }>().not.toExtend<ActionParams<'set_group_ban'>>();
    expectTypeOf<ActionParams<'get_login_info'>>().toEqualTypeOf<Record<string, never>>();
  });

  it('results: typed data, null for actions without one', () => {
    expectTypeOf<ActionResult<'send_private_msg'>>().toEqualTypeOf<{ message_id: number }>();
    expectTypeOf<ActionResult<'get_group_member_info'>['role']>().toEqualTypeOf<string>();
    expectTypeOf<ActionResult<'get_group_list'>>().toBeArray();
    expectTypeOf<ActionResult<'delete_msg'>>().toEqualTypeOf<null>();
  });

  it('method names', () => {
    expectTypeOf<MethodName<'send_group_msg'>>().toEqualTypeOf<'sendGroupMsg'>();
    expectTypeOf<MethodName<'_get_vip_info'>>().toEqualTypeOf<'_getVipInfo'>();
    expectTypeOf<MethodName<'.handle_quick_operation'>>().toEqualTypeOf<'handleQuickOperation'>();
  });
});

describe('event types', () => {
  it('narrow by post_type and detail type', () => {
    const handle = (e: CQEvent) => {
      if (e.post_type === 'message' && e.message_type === 'group') expectTypeOf(e).toEqualTypeOf<GroupMessageEvent>();
    };
    expectTypeOf(handle).toBeFunction();
  });

  it('names map to the event types they carry', () => {
    expectTypeOf<EventNameMap['message/group']>().toEqualTypeOf<GroupMessageEvent>();
    expectTypeOf<EventNameMap['notice/notify/poke']>().toEqualTypeOf<GroupPokeNotice | FriendPokeNotice>();
  });

  it('quick operations per event', () => {
    expectTypeOf<QuickOperationFor<GroupMessageEvent>>().toEqualTypeOf<GroupMessageEventQuickOperation>();
    expectTypeOf<GroupMessageEventQuickOperation>().toHaveProperty('ban_duration');
  });
});
