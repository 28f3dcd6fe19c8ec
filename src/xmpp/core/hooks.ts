/**
 * The event bus with priorities (Prosody's module:hook). Handlers run from the highest priority
 * down; a handler that returns true has handled the event and stops the chain. Every registration
 * returns its own undo, so the module manager can remove all of a module's hooks.
 */
export const HookPriority = {
  /** Drop or reject before anyone acts on it (blocking, privacy). */
  filter: 1000,
  /** Change the stanza before anyone records it: strip what is meant for the server (carbons' `<private/>`). */
  rewrite: 750,
  /**
   * Look at it before delivery, without consuming it (archiving, carbons). Among observers, a
   * module that must come after another declares so (`after` in its manifest): equal priorities
   * run in load order.
   */
  observe: 500,
  /** The feature that owns the event. */
  handle: 0,
  /** Fallback behaviour when nothing else took it (offline storage, bounces). */
  fallback: -1000,
} as const;

export type HookHandler<P> = (payload: P) => boolean | void | Promise<boolean | void>;

interface Entry<P> {
  priority: number;
  handler: HookHandler<P>;
}

export class Hooks<Events extends { [K in keyof Events]: unknown }> {
  // Copy on write: registering or removing replaces the array, so `fire` can walk the one it got
  // without copying it for every stanza, and a change made by a handler applies from the next event.
  private readonly handlers = new Map<keyof Events, readonly Entry<never>[]>();

  on<K extends keyof Events>(event: K, priority: number, handler: HookHandler<Events[K]>): () => void {
    const entry = { priority, handler };
    const list = [...((this.handlers.get(event) ?? []) as Entry<Events[K]>[]), entry];
    // Stable: equal priorities run in registration order.
    list.sort((a, b) => b.priority - a.priority);
    this.handlers.set(event, list as Entry<never>[]);
    return () => {
      const current = this.handlers.get(event) as readonly Entry<Events[K]>[] | undefined;
      if (current?.includes(entry))
        this.handlers.set(event, current.filter((e) => e !== entry) as Entry<never>[]);
    };
  }

  has(event: keyof Events): boolean {
    return (this.handlers.get(event)?.length ?? 0) > 0;
  }

  /** Resolves to true when a handler handled the event. */
  async fire<K extends keyof Events>(event: K, payload: Events[K]): Promise<boolean> {
    const list = this.handlers.get(event) as readonly Entry<Events[K]>[] | undefined;
    if (!list) return false;
    for (const { handler } of list) {
      const result = handler(payload);
      // Only a promise is awaited: a synchronous handler costs no extra microtask.
      if ((result instanceof Promise ? await result : result) === true) return true;
    }
    return false;
  }
}
