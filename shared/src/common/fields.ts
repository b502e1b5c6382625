import { z } from 'zod';

export const idSchema = z.uuid({ message: 'Must be a valid id.' });

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, 'An email address has at most 254 characters.')
  .pipe(z.email({ message: 'Enter a valid email address.' }));

export const personNameSchema = z
  .string()
  .trim()
  .min(1, 'Enter a name.')
  .max(200, 'A name has at most 200 characters.');

export const reasonSchema = z
  .string()
  .trim()
  .min(3, 'Give a reason of at least 3 characters.')
  .max(500, 'A reason has at most 500 characters.');

export const isoInstantSchema = z.iso.datetime({ offset: true, message: 'Must be a date and time.' });
