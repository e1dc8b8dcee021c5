/**
 * Runs tasks one after another. Key registrations in one process are serialised so that two
 * first claims of one namespace cannot both pass the "is it claimed?" check.
 */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task, task);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
