/**
 * Notifications for observers that only watch (billing's message count): handlers run at once,
 * synchronously and in registration order, and nothing waits for them, so notifying costs no
 * promise on the routing path. Work that must be awaited, or that may stop an event, is a hook.
 */
export type Observer<P> = (payload: P) => void;

export class Observers<Events extends { [K in keyof Events]: unknown }> {
  // Copy on write, as in Hooks: notify walks the array it got without copying it.
  private readonly observers = new Map<keyof Events, readonly Observer<never>[]>();

  /** Returns the undo. */
  on<K extends keyof Events>(event: K, observer: Observer<Events[K]>): () => void {
    this.observers.set(event, [...(this.observers.get(event) ?? []), observer as Observer<never>]);
    return () => {
      const current = this.observers.get(event);
      if (current)
        this.observers.set(
          event,
          current.filter((o) => o !== observer),
        );
    };
  }

  notify<K extends keyof Events>(event: K, payload: Events[K]): void {
    const list = this.observers.get(event) as readonly Observer<Events[K]>[] | undefined;
    if (list) for (const observer of list) observer(payload);
  }
}
