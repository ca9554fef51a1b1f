import { z } from "zod";

// Account form schemas. Messages are i18n keys (forms.*), shown next to the field.

const email = z.string().trim().toLowerCase().min(1, "forms.emailRequired").email("forms.emailInvalid").max(200, "forms.tooLong");
const newPassword = z.string().min(10, "forms.passwordTooShort").max(200, "forms.tooLong");

export const signUpSchema = z.object({
  name: z.string().trim().min(1, "forms.nameRequired").max(80, "forms.tooLong"),
  email,
  password: newPassword,
});

export const logInSchema = z.object({
  email,
  password: z.string().min(1, "forms.passwordRequired").max(200, "forms.tooLong"),
});

export const changePasswordSchema = z
  .object({
    intent: z.literal("changePassword"),
    currentPassword: z.string().min(1, "forms.passwordRequired"),
    newPassword,
    repeatPassword: z.string(),
  })
  .refine((v) => v.newPassword === v.repeatPassword, { path: ["repeatPassword"], message: "forms.passwordsDiffer" });
