/**
 * close() lets work already under way finish: the dialect's driver is wrapped to count connections
 * in use, and destroying it waits (up to a deadline) until they are all released. A plugin that
 * wrote something just before the app stopped does not lose it to the close.
 */
import type { DatabaseConnection, Dialect, Driver, TransactionSettings } from 'kysely';

export function drainingDialect(dialect: Dialect, deadline: number): Dialect {
  return {
    createDriver: () => new DrainingDriver(dialect.createDriver(), deadline),
    createQueryCompiler: () => dialect.createQueryCompiler(),
    createAdapter: () => dialect.createAdapter(),
    createIntrospector: (db) => dialect.createIntrospector(db),
  };
}

class DrainingDriver implements Driver {
  private inUse = 0;
  private drained: (() => void) | undefined;

  constructor(
    private readonly inner: Driver,
    private readonly deadline: number,
  ) {}

  init(): Promise<void> {
    return this.inner.init();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    this.inUse++;
    try {
      return await this.inner.acquireConnection();
    } catch (error) {
      this.released();
      throw error;
    }
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    try {
      await this.inner.releaseConnection(connection);
    } finally {
      this.released();
    }
  }

  beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    return this.inner.beginTransaction(connection, settings);
  }

  commitTransaction(connection: DatabaseConnection): Promise<void> {
    return this.inner.commitTransaction(connection);
  }

  rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    return this.inner.rollbackTransaction(connection);
  }

  async savepoint(...args: Parameters<NonNullable<Driver['savepoint']>>): Promise<void> {
    await this.inner.savepoint?.(...args);
  }

  async rollbackToSavepoint(...args: Parameters<NonNullable<Driver['rollbackToSavepoint']>>): Promise<void> {
    await this.inner.rollbackToSavepoint?.(...args);
  }

  async releaseSavepoint(...args: Parameters<NonNullable<Driver['releaseSavepoint']>>): Promise<void> {
    await this.inner.releaseSavepoint?.(...args);
  }

  async destroy(): Promise<void> {
    if (this.inUse > 0) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      await new Promise<void>((resolve) => {
        this.drained = resolve;
        // A query that never ends must not keep the bot from stopping.
        timer = setTimeout(resolve, this.deadline);
        timer.unref();
      });
      clearTimeout(timer);
    }
    await this.inner.destroy();
  }

  private released(): void {
    this.inUse--;
    if (this.inUse === 0) this.drained?.();
  }
}
