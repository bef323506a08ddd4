import type { Agent, ClientRequest, IncomingMessage, RequestOptions } from 'node:http';
import type { DeadlineEntry, DeadlineSet } from '@cqkit/core';
import { ActionError } from '@cqkit/protocol';
import type { CallReceiver } from './core-contract.js';
import { dataFromAnswer, errorFromFailure } from './envelope-mapping.js';

/** What every exchange of one client shares: where to connect, how, and the clock. */
export interface ExchangeTarget {
  /** node:http's or node:https's `request`, matching the endpoint's scheme. */
  readonly send: (options: RequestOptions) => ClientRequest;
  readonly agent: Agent;
  readonly hostname: string;
  readonly port: number;
  /** The deadlines of the client's exchanges, on one timer. */
  readonly deadlines: DeadlineSet<ApiExchange>;
  /** Largest answer accepted, bytes. */
  readonly maxResponseBytes: number;
  /** Told once per exchange, when it settles either way. */
  readonly settled: () => void;
}

/** One call's parts that vary: what to send and how long to wait. */
export interface ExchangeRequest {
  readonly action: string;
  /** `{endpoint}/{action}`, for error messages. */
  readonly url: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string | number>>;
  /** The JSON text (UTF-8 on the wire). */
  readonly body: string;
  readonly timeout: number;
  readonly signal: AbortSignal | undefined;
  /** A read: may be sent again when a reused keep-alive socket turns out to be closed. */
  readonly idempotent: boolean;
}

/** Socket errors that mean the server had closed a kept-alive connection before our request reached it. */
const staleSocketCodes = new Set(['ECONNRESET', 'EPIPE']);

/** Where a request and its response find their exchange, so their listeners need no closure per call. */
const exchangeKey = Symbol('cqkit.apiExchange');
type Tagged<T> = T & { [exchangeKey]?: ApiExchange };

function exchangeOf(emitter: ClientRequest | IncomingMessage): ApiExchange | undefined {
  return (emitter as Tagged<typeof emitter>)[exchangeKey];
}

function onRequestError(this: ClientRequest, error: Error): void {
  exchangeOf(this)?.requestFailed(this, error);
}

function onResponse(this: ClientRequest, response: IncomingMessage): void {
  exchangeOf(this)?.responded(response);
}

function onResponseData(this: IncomingMessage, chunk: Buffer): void {
  exchangeOf(this)?.received(chunk);
}

function onResponseEnd(this: IncomingMessage): void {
  exchangeOf(this)?.answered(this);
}

function onResponseError(this: IncomingMessage, error: Error): void {
  exchangeOf(this)?.fail(error);
}

function onResponseClose(this: IncomingMessage): void {
  // Closed before its end: the connection dropped mid-answer (an 'error' usually came first).
  if (!this.complete) exchangeOf(this)?.fail(Object.assign(new Error('the connection closed mid-answer'), { code: 'ECONNRESET' }));
}

/**
 * One API call on the wire: POST, wait for the whole answer, map it to `data` or an ActionError.
 * A class rather than closures: one object per call, no timer of its own (its deadline is in the
 * client's DeadlineSet); the caller's signal (when there is one) is listened to with this object as
 * the listener, and the outcome goes to `receiver` (the core's call object, or a promise's resolvers).
 */
export class ApiExchange implements DeadlineEntry {
  private request: ClientRequest | undefined;
  deadline: number;
  prevEntry: DeadlineEntry | null = null;
  nextEntry: DeadlineEntry | null = null;
  private chunks: Buffer[] = [];
  private size = 0;
  private settled = false;
  private timedOut: number | undefined;
  private staleResends = 0;
  private status = 0;

  constructor(
    private readonly target: ExchangeTarget,
    private readonly call: ExchangeRequest,
    private readonly receiver: CallReceiver,
  ) {
    this.deadline = target.deadlines.now() + call.timeout;
    target.deadlines.add(this);
    call.signal?.addEventListener('abort', this);
    this.write();
  }

  /** The caller's signal aborted. */
  handleEvent(): void {
    this.fail(this.call.signal?.reason);
  }

  requestFailed(request: ClientRequest, error: Error): void {
    if (this.settled || request !== this.request) return;
    // A kept-alive socket the server closed while it sat idle: the request never reached the
    // server. Only a read is sent again (at once, on another socket); a send is never written twice.
    const code = (error as { code?: unknown }).code;
    if (
      this.call.idempotent &&
      request.reusedSocket &&
      typeof code === 'string' &&
      staleSocketCodes.has(code) &&
      this.staleResends < (this.target.agent.maxFreeSockets ?? 0) + 1
    ) {
      this.staleResends++;
      this.write();
      return;
    }
    this.fail(error);
  }

  responded(response: IncomingMessage): void {
    if (this.settled) return;
    const declared = Number(response.headers['content-length']);
    if (declared > this.target.maxResponseBytes) {
      this.fail(this.tooLarge(response.statusCode ?? 0));
      return;
    }
    this.status = response.statusCode ?? 0;
    (response as Tagged<IncomingMessage>)[exchangeKey] = this;
    response.on('data', onResponseData);
    response.on('end', onResponseEnd);
    response.on('error', onResponseError);
    response.on('close', onResponseClose);
  }

  received(chunk: Buffer): void {
    if (this.settled) return;
    this.size += chunk.length;
    if (this.size > this.target.maxResponseBytes) {
      this.fail(this.tooLarge(this.status));
      return;
    }
    this.chunks.push(chunk);
  }

  answered(response: IncomingMessage): void {
    if (this.settled) return;
    const { chunks } = this;
    const body = chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks, this.size).toString('utf8');
    this.chunks = [];
    let data: unknown;
    try {
      data = dataFromAnswer(this.call.action, this.call.url, {
        status: response.statusCode ?? 0,
        contentType: response.headers['content-type'],
        body,
      });
    } catch (error) {
      // The answer is complete and its socket back in the pool: settle without touching the request.
      this.finish();
      this.receiver.fail(error);
      return;
    }
    this.finish();
    this.receiver.succeed(data);
  }

  /**
   * No full answer: drops the request (and its socket) and settles with the error the failure means
   * (timeout, cancelled, unreachable, or an ActionError as is).
   */
  fail(cause: unknown): void {
    if (this.settled) return;
    this.finish();
    this.request?.destroy();
    if (cause instanceof ActionError) {
      this.receiver.fail(cause);
      return;
    }
    this.receiver.fail(
      errorFromFailure(this.call.action, this.call.url, cause, {
        timedOut: this.timedOut,
        cancelled: this.call.signal?.aborted === true,
        answerStatus: this.status,
      }),
    );
  }

  private write(): void {
    const { call, target } = this;
    const request = target.send({
      agent: target.agent,
      hostname: target.hostname,
      port: target.port,
      method: 'POST',
      path: call.path,
      headers: call.headers,
    });
    (request as Tagged<ClientRequest>)[exchangeKey] = this;
    this.request = request;
    request.on('error', onRequestError);
    request.on('response', onResponse);
    request.end(call.body);
  }

  /** The deadline passed (the client's DeadlineSet). */
  expire(): void {
    if (this.settled) return;
    this.timedOut = this.call.timeout;
    this.fail(new Error(`timed out after ${this.call.timeout} ms`));
  }

  private finish(): void {
    this.settled = true;
    this.target.settled();
    this.target.deadlines.remove(this);
    this.call.signal?.removeEventListener('abort', this);
  }

  private tooLarge(status: number): ActionError {
    return new ActionError({
      action: this.call.action,
      kind: 'bad-response',
      httpStatus: status,
      message: `${this.call.action}: the answer from ${this.call.url} is larger than ${this.target.maxResponseBytes} bytes; no action's data is that large, is the endpoint a CQHTTP / OneBot HTTP API?`,
    });
  }
}
