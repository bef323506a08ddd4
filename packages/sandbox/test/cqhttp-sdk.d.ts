// Types for the official CQHTTP Node SDK (CommonJS, untyped), only as far as the test uses it.
declare module 'cqhttp' {
  import type { Server } from 'node:http';

  interface KoaLike {
    listen(port: number, host: string, callback?: () => void): Server;
  }

  type Callback = (context: Record<string, unknown>) => Record<string, unknown> | undefined;

  interface CQHttpInstance {
    (action: string, params?: Record<string, unknown>): Promise<unknown>;
    app: KoaLike;
    on(postType: 'message' | 'notice' | 'request' | 'event', callback: Callback): Callback;
  }

  const CQHttp: new (options: { apiRoot?: string; accessToken?: string; secret?: string }) => CQHttpInstance;
  export default CQHttp;
}
