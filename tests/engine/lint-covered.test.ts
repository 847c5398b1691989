// The ACL shadow lint keeps what earlier rules decide as intervals merged in place (Covered);
// it must answer as the address algebra does: a rule is shadowed exactly when its set is a
// subset of the union of the earlier ones.
import fc from 'fast-check';
import { expect, test } from 'vitest';
import { AddressSet } from '../../src/engine/addr/address-set.ts';
import { Covered } from '../../src/engine/query/lint.ts';

const small = fc.tuple(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: 40 })).map(([a, n]) => [a, a + n] as const);
const sets = fc.array(fc.array(small, { minLength: 1, maxLength: 3 }).map((iv) => AddressSet.fromRanges(iv)), { maxLength: 30 });

test('Covered answers as the union of the earlier sets does', () => {
  fc.assert(
    fc.property(sets, (list) => {
      const covered = new Covered();
      let union = AddressSet.EMPTY;
      for (const s of list) {
        expect(covered.has(s)).toBe(s.isSubsetOf(union));
        covered.add(s);
        union = union.union(s);
      }
    }),
    { numRuns: 2000 },
  );
});
