/** An amount typed in minor units (2900 for 29.00), as the API takes it. */
export function minorUnits(text: string): number {
  return Number.parseInt(text.trim(), 10);
}
