import { z } from "zod";
import { SWITCHABLE_MAIL_KINDS } from "./mail-kinds";
import { isTimeZone } from "./mail-time";

// Form schemas of the mail features; messages are i18n keys.

const email = z.string().trim().toLowerCase().email("forms.emailInvalid").max(200, "forms.tooLong");

/** The invite form's optional address: empty means "only show the link". */
export const inviteEmailSchema = z.object({
  email: z
    .string()
    .trim()
    .optional()
    .transform((v) => v ?? "")
    .pipe(z.union([z.literal(""), email]))
    .transform((v) => (v === "" ? null : v)),
});

/** "Wachtwoord vergeten": the address to send a link to. */
export const forgotPasswordSchema = z.object({
  email: z.string().trim().toLowerCase().min(1, "forms.emailRequired").email("forms.emailInvalid").max(200, "forms.tooLong"),
});

/** A new password from a reset link. */
export const resetPasswordSchema = z
  .object({
    newPassword: z.string().min(10, "forms.passwordTooShort").max(200, "forms.tooLong"),
    repeatPassword: z.string(),
  })
  .refine((v) => v.newPassword === v.repeatPassword, { path: ["repeatPassword"], message: "forms.passwordsDiffer" });

/** The account page's mail settings: a checkbox per kind ("on" when checked) and the time zone. */
export const mailSettingsSchema = z.object({
  timeZone: z.string().refine(isTimeZone, "mailSettings.timeZoneInvalid"),
  ...Object.fromEntries(SWITCHABLE_MAIL_KINDS.map((kind) => [`kind.${kind}`, z.literal("on").optional()])),
}) as z.ZodType<{ timeZone: string } & Partial<Record<`kind.${(typeof SWITCHABLE_MAIL_KINDS)[number]}`, "on">>>;
