import { Type, type Static, type TLiteral, type TUnion } from 'typebox';
function literals<const T extends readonly string[]>(values: T): TUnion<TLiteral<T[number]>[]> {
  return Type.Union(values.map((value) => Type.Literal(value))) as never;
}
const A = literals(['web', 'email'] as const);
type X = Static<typeof A>;
const x: X = 'web';
const y: X = 'nope';
console.log(x, y);
