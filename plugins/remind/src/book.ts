/**
 * The reminders: kept in the store, mirrored in memory (so a timer that fires sends at once), and
 * one timer for the earliest of them. A reminder leaves the table only after its message was sent,
 * so one that was due while the bot was down (or whose send was cut off by a stop) is sent on the
 * next start, late, and says so.
 */
import type { Clock, Context } from '@cqkit/core';
import type { StoreDb } from '@cqkit/store';

export interface Reminder {
  id: number;
  self_id: number;
  user_id: number;
  group_id: number | null;
  text: string;
  fire_at: number;
  created_at: number;
}

/** How a reminder is delivered; `late` when it fell due before this start of the bot. */
export type Deliver = (reminder: Reminder, late: boolean) => Promise<void>;

/** setTimeout takes at most 2^31-1 ms; a reminder further ahead wakes the timer to look again. */
const longestTimer = 2 ** 31 - 1;

export class ReminderBook {
  private readonly pending = new Map<number, Reminder>();
  private disarm: (() => void) | undefined;
  /** Reminders due before this moment were missed while the bot was down. */
  private readonly startedAt: number;

  constructor(
    private readonly ctx: Context,
    private readonly db: StoreDb,
    private readonly clock: Clock,
    private readonly deliver: Deliver,
  ) {
    this.startedAt = clock.now();
  }

  /** Load what the table holds, send what is overdue, arm the timer. */
  async load(): Promise<void> {
    const rows = await this.db.selectFrom('remind_reminders').selectAll().execute();
    for (const row of rows) this.pending.set(row.id, row);
    this.fireDue();
  }

  /** The user's pending reminders (of this bot account), soonest first. */
  of(selfId: number, userId: number): Reminder[] {
    return [...this.pending.values()].filter((r) => r.self_id === selfId && r.user_id === userId).sort((a, b) => a.fire_at - b.fire_at);
  }

  async add(reminder: Omit<Reminder, 'id'>): Promise<Reminder> {
    const { id } = await this.db.insertInto('remind_reminders').values(reminder).returning('id').executeTakeFirstOrThrow();
    const added = { ...reminder, id };
    this.pending.set(id, added);
    this.arm();
    return added;
  }

  /** The cancelled reminder, or undefined when `userId` has none of that id. */
  async cancel(selfId: number, userId: number, id: number): Promise<Reminder | undefined> {
    const reminder = this.pending.get(id);
    if (reminder === undefined || reminder.user_id !== userId || reminder.self_id !== selfId) return undefined;
    await this.db.deleteFrom('remind_reminders').where('id', '=', id).execute();
    this.pending.delete(id);
    this.arm();
    return reminder;
  }

  /** Send every reminder that is due and whose bot is connected (the others wait for 'bot/added'). */
  fireDue(): void {
    const now = this.clock.now();
    for (const reminder of [...this.pending.values()]) {
      if (reminder.fire_at > now || !this.ctx.bots.has(reminder.self_id)) continue;
      this.pending.delete(reminder.id);
      void this.send(reminder, reminder.fire_at < this.startedAt);
    }
    this.arm();
  }

  stop(): void {
    this.disarm?.();
    this.disarm = undefined;
  }

  private async send(reminder: Reminder, late: boolean): Promise<void> {
    try {
      await this.deliver(reminder, late);
    } catch (error) {
      // Failed sends are reported by the core (send/failed); the reminder is not retried forever.
      this.ctx.logger.warn({ err: error, reminder: reminder.id }, `reminder #${reminder.id} could not be sent`);
    }
    try {
      await this.db.deleteFrom('remind_reminders').where('id', '=', reminder.id).execute();
    } catch (error) {
      this.ctx.logger.warn({ err: error, reminder: reminder.id }, `reminder #${reminder.id} was sent but stays stored (it will be sent again on the next start)`);
    }
  }

  /** One timer, for the earliest pending reminder (overdue ones of a bot not connected wait for it instead). */
  private arm(): void {
    this.stop();
    const now = this.clock.now();
    let next = Number.POSITIVE_INFINITY;
    for (const reminder of this.pending.values()) {
      if (reminder.fire_at < next && (reminder.fire_at > now || this.ctx.bots.has(reminder.self_id))) next = reminder.fire_at;
    }
    if (next === Number.POSITIVE_INFINITY) return;
    const delay = Math.min(Math.max(0, next - now), longestTimer);
    this.disarm = this.ctx.setTimeout(() => {
      this.disarm = undefined;
      this.fireDue();
    }, delay);
  }
}
