import { z } from 'zod';

export const pageSizes = [10, 25, 50, 100] as const;

export const pageInputSchema = z.object({
  page: z.number().int().min(1).max(100_000).default(1),
  pageSize: z.number().int().min(1).max(100).default(25),
});
export type PageInput = z.infer<typeof pageInputSchema>;

export function pageOutputSchema<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    total: z.number().int().nonnegative(),
    page: z.number().int().min(1),
    pageSize: z.number().int().min(1),
  });
}
