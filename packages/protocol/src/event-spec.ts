/** The runtime description of one event (generated into eventTable from the catalogue). */
export interface EventFieldSpec {
  readonly name: string;
  readonly type: string;
  readonly optional?: boolean;
  readonly nullable?: boolean;
  /** Allowed values of a string field. */
  readonly values?: readonly string[];
}

export interface EventSpec {
  /** Catalogue id, e.g. `notice.notify.poke`. */
  readonly id: string;
  /** The TypeScript interface name, e.g. `GroupPokeNotice`. */
  readonly typeName: string;
  readonly postType: 'message' | 'notice' | 'request' | 'meta_event' | string;
  /** message_type, notice_type, request_type or meta_event_type. */
  readonly detailKey: string;
  readonly detail: string;
  /** For notice_type "notify": the sub_type that selects this event. */
  readonly notifySubType?: string;
  /** Names the event is emitted under, most general first. */
  readonly names: readonly string[];
  readonly fields: readonly EventFieldSpec[];
  readonly quickOperation: readonly { readonly name: string; readonly type: string; readonly default: unknown }[];
}
