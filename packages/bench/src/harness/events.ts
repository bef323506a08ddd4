/** Group message events as an OneBot v11 implementation posts them (post_message_format "string"). */
export interface EventShape {
  selfId: number;
  /** Events are spread round-robin over this many groups. */
  groups: number;
  /** Text before `bench-<id>`. Default `echo ` (the bench's echo plugin); `/echo ` for a command-style echo. */
  command?: string;
}

export const firstGroupId = 700_000;

/** The JSON body of event `id`; its text is `echo bench-<id>` so the answer names the event. */
export function groupMessageBody(shape: EventShape, id: number, messageId: number): string {
  const groupId = firstGroupId + (id % shape.groups);
  const userId = 900_000 + (id % 997);
  const text = `${shape.command ?? 'echo '}bench-${id}`;
  return (
    `{"time":${Math.floor(Date.now() / 1000)},"self_id":${shape.selfId},"post_type":"message",` +
    `"message_type":"group","sub_type":"normal","message_id":${messageId},"group_id":${groupId},` +
    `"user_id":${userId},"anonymous":null,"message":"${text}","raw_message":"${text}","font":0,` +
    `"sender":{"user_id":${userId},"nickname":"bench","card":"","sex":"unknown","age":0,"role":"member"}}`
  );
}
