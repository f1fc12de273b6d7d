import { z } from "zod";

/** The parts of `bandit -f json` we read. Fields added in later bandit versions are optional. */
export const banditResultSchema = z.object({
  filename: z.string(),
  test_id: z.string(),
  test_name: z.string().optional(),
  issue_severity: z.string(),
  issue_confidence: z.string().optional(),
  issue_text: z.string(),
  line_number: z.number().int(),
  line_range: z.array(z.number().int()).optional(),
  /** bandit ≥ 1.7: 0-based UTF-8 byte offset (Python ast). */
  col_offset: z.number().int().optional(),
  /** bandit ≥ 1.7.5. */
  end_col_offset: z.number().int().optional(),
  more_info: z.string().optional(),
  /** bandit ≥ 1.7.3. */
  issue_cwe: z.object({ id: z.number().int(), link: z.string().optional() }).optional(),
});

export const banditOutputSchema = z.object({
  errors: z.array(z.object({ filename: z.string(), reason: z.string() })).default([]),
  results: z.array(banditResultSchema),
});

export type BanditResult = z.infer<typeof banditResultSchema>;
export type BanditOutput = z.infer<typeof banditOutputSchema>;
