/**
 * The entries ("indgange") where citizens meet the kommune. VIVE found clear differences between them
 * (jobcentres most reserved, health most positive), so every indicator can be cut by department.
 */
export const DEPARTMENTS = ['adult_disability', 'children_family', 'jobcenter', 'health', 'other'] as const;
export type Department = (typeof DEPARTMENTS)[number];

export function isDepartment(value: unknown): value is Department {
  return typeof value === 'string' && (DEPARTMENTS as readonly string[]).includes(value);
}
