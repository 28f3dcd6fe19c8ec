/**
 * Steps that cannot share one transaction (billing talks to a payment gateway; each area owns its
 * tables) are undone the way Medusa's workflows undo theirs: each step that changed something
 * registers how to take it back, and if a later step throws, the undos run newest first and the
 * step's error is rethrown. An undo that itself fails throws instead: the caller must learn that
 * something remains.
 */
export type Undo = () => Promise<unknown>;

export async function withCompensation<T>(run: (onFailure: (undo: Undo) => void) => Promise<T>): Promise<T> {
  const undos: Undo[] = [];
  try {
    return await run((undo) => undos.push(undo));
  } catch (error) {
    for (const undo of undos.reverse()) await undo();
    throw error;
  }
}
