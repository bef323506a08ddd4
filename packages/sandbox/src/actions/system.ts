/** The server itself: status, version, restarts, cache cleaning, profile, event filter. */
import { asyncAccepted } from '@cqkit/protocol';
import { EnvelopeResult, type ActionHandler } from '../core/action-server.js';
import { Fail } from '../core/failure.js';
import type { SandboxState } from '../core/state.js';

const dataDirs = ['image', 'record', 'show', 'bface'];

/** get_status data; also the `status` of heartbeat events. */
export function statusOf(state: SandboxState) {
  const { online, app_good } = state.world.data.status;
  return {
    online,
    good: online && app_good,
    app_initialized: true,
    app_enabled: true,
    plugins_good: { async_actions: true, rate_limited_actions: true, heartbeat_generator: true, http_post: true },
    app_good,
  };
}

export const systemActions: Record<string, ActionHandler> = {
  get_status: (call) => statusOf(call.state),
  get_version_info: (call) => ({ ...call.state.world.data.version }),
  // The API server restarts itself, so it can only answer "accepted" (retcode 1).
  set_restart: () => new EnvelopeResult(asyncAccepted()),
  set_restart_plugin: () => new EnvelopeResult(asyncAccepted()),
  clean_cache: () => undefined,
  clean_data_dir: (call) => {
    const dir = call.params.str('data_dir') ?? '';
    if (!dataDirs.includes(dir)) throw Fail.badParams(`data_dir must be one of ${dataDirs.join(', ')}`);
    const { data } = call.state.world;
    if (dir === 'image') data.images = [];
    if (dir === 'record') data.records = [];
  },
  clean_plugin_log: () => undefined,
  set_qq_profile: (call) => {
    const { world } = call.state;
    const login = world.data.login;
    const nickname = call.params.str('nickname');
    if (nickname !== undefined && nickname !== '') {
      login.nickname = nickname;
      const me = world.person(world.selfId);
      if (me) me.nickname = nickname;
    }
    for (const key of ['company', 'email', 'college', 'personal_note'] as const) {
      const v = call.params.str(key);
      if (v !== undefined) login[key] = v;
    }
  },
  reload_event_filter: () => undefined,
};
