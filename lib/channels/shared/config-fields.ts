import { z } from "zod";
import { isPlausiblePhone, toDigits } from "./phone";

/** Stored as E.164 digits so routing can compare with the digits found in payloads. */
export const phoneNumberField = z
  .string()
  .trim()
  .refine(isPlausiblePhone, "Enter the number in international format, e.g. +15550101234")
  .transform(toDigits);

export const apiBaseUrlField = z.url({ protocol: /^https?$/ }).optional();

export const secretField = z.string().trim().min(1);
