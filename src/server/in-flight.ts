/** Counts running tasks, so that a shutdown can wait for them to end. */
export class InFlightTracker {
  private readonly tasks = new Set<Promise<unknown>>();

  get size(): number {
    return this.tasks.size;
  }

  /** Runs `task` and keeps it counted until it settles. */
  track<T>(task: () => Promise<T>): Promise<T> {
    const promise = task();
    this.tasks.add(promise);
    const forget = () => this.tasks.delete(promise);
    promise.then(forget, forget);
    return promise;
  }

  /** Resolves once every task counted now, and every task added meanwhile, has settled. */
  async drain(): Promise<void> {
    while (this.tasks.size > 0) {
      await Promise.allSettled([...this.tasks]);
    }
  }
}
