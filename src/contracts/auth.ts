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

/** A page whose total stops counting at a cap: `totalCapped` says the real number is larger than `total`. */
export function cappedPageOf<T extends z.ZodTypeAny>(item: T) {
  return pageOf(item).extend({ totalCapped: z.boolean() });
}

/** A correct password that still needs a second step: a TOTP code (`totp`) or a first enrolment (`enrol`). */
export const secondFactorSchema = z.object({ secondFactor: z.enum(['totp', 'enrol']) });
export type SecondFactor = z.infer<typeof secondFactorSchema>;
export const loginResultSchema = z.union([meSchema, secondFactorSchema]);
export type LoginResult = z.infer<typeof loginResultSchema>;

/** What an authenticator app scans: the otpauth:// URI (shown as a QR code) and the secret to type by hand. */
export const totpEnrolmentSchema = z.object({ secret: z.string(), uri: z.string(), issuer: z.string(), account: z.string() });
export type TotpEnrolment = z.infer<typeof totpEnrolmentSchema>;

export const recoveryCodesSchema = z.object({ recoveryCodes: z.array(z.string()) });

export const accountSecuritySchema = z.object({
  totp: z.object({
    enrolled: z.boolean(),
    enrolledAt: z.string().nullable(),
    /** this account's role must use a second factor (production mode) */
    required: z.boolean(),
    recoveryCodesLeft: z.number(),
  }),
  sessions: z.array(z.object({ current: z.boolean(), createdAt: z.string(), lastSeenAt: z.string(), ip: z.string().nullable(), userAgent: z.string().nullable() })),
});
export type AccountSecurity = z.infer<typeof accountSecuritySchema>;

/** A six-digit code from the app, or a recovery code such as K7QX-3MZP-2H. */
export const secondFactorCode = z.string().trim().min(6).max(20);
