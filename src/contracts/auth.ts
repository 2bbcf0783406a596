import { z } from 'zod';

export const meSchema = z.object({
  id: z.number(),
  username: z.string(),
  displayName: z.string(),
  roles: z.array(z.string()),
  roleLabels: z.array(z.string()),
  scopes: z.array(z.object({ code: z.string(), name: z.string(), level: z.string() })),
  department: z.object({ id: z.number(), name: z.string(), kind: z.string() }).nullable(),
  permissions: z.array(z.string()),
  mustChangePassword: z.boolean(),
});
export type Me = z.infer<typeof meSchema>;

export const pageQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});

export function pageOf<T extends z.ZodTypeAny>(item: T) {
  return z.object({ items: z.array(item), total: z.number() });
}
