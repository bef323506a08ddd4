/** How the harness tells a bot process where to listen and where the API is (environment variables). */
export interface BotEnv {
  /** 'http' (POSTed events, API by HTTP), 'ws' (the bot connects to wsUrl), 'ws-reverse' (the bot listens on port). */
  transport: 'http' | 'ws' | 'ws-reverse';
  /** Base URL of the harness's API server, e.g. http://127.0.0.1:5700 (http only). */
  apiUrl: string;
  /** The harness's WebSocket server (ws only). */
  wsUrl: string;
  /** Port of the bot's event receiver or WebSocket server on 127.0.0.1 (http, ws-reverse). */
  port: number;
  /** ms the bot may take to answer in the POST response (quick operation); 0 = always by API call. */
  quickWindow: number;
  selfId: number;
}

function required(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') {
    console.error(`bench bot: environment variable ${name} is not set (the bench harness sets it)`);
    process.exit(2);
  }
  return value;
}

export function readBotEnv(): BotEnv {
  const transport = process.env.BENCH_TRANSPORT ?? 'http';
  if (transport !== 'http' && transport !== 'ws' && transport !== 'ws-reverse') {
    console.error(`bench bot: BENCH_TRANSPORT must be http, ws or ws-reverse, got ${transport}`);
    process.exit(2);
  }
  return {
    transport,
    apiUrl: transport === 'http' ? required('BENCH_API_URL') : '',
    wsUrl: transport === 'ws' ? required('BENCH_WS_URL') : '',
    port: transport === 'ws' ? 0 : Number(required('BENCH_RECEIVER_PORT')),
    quickWindow: Number(process.env.BENCH_QUICK_WINDOW ?? '0'),
    selfId: Number(process.env.BENCH_SELF_ID ?? '10001'),
  };
}

/** The bench's message text is `echo <payload>` (or the command form `/echo <payload>`); the answer carries the payload back. */
export function echoPayload(text: string): string | null {
  if (text.startsWith('echo ')) return text.slice(5);
  if (text.startsWith('/echo ')) return text.slice(6);
  return null;
}
