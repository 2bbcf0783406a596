/** Shapes of the people, special-population and visit answers, inferred from the shared contracts. */
import type { z } from 'zod';
import type {
  householdView,
  ImportError,
  moveView,
  personView,
  specialPersonView,
  visitPolicyView,
  visitView,
} from '../../../contracts/people';

export type Person = z.infer<typeof personView>;
export type PersonDetail = Person & { moves: z.infer<typeof moveView>[] };
export type Household = z.infer<typeof householdView>;
export type HouseholdDetail = Household & { people: Person[] };
export type SpecialPerson = z.infer<typeof specialPersonView>;
export type VisitPolicy = z.infer<typeof visitPolicyView>;
export type Visit = z.infer<typeof visitView>;
export type ImportResult = { totalRows: number; imported: number; newHouseholds: number; badRows: number; errors: ImportError[] };
export type Building = {
  id: number;
  areaCode: string;
  name: string;
  kind: string;
  address: string | null;
  houses: { id: number; unit: string | null; room: string; usage: string }[];
};
