import type { Principal } from '@sinergi/service-kit';

/**
 * Who reads a post's personal data (the author's platform id and name, the original text in `raw`,
 * the platform's answers to our replies): the staff who handle it, i.e. admins and the officers and
 * unit heads of the unit owning the receiving account. Everyone else with read access (auditors)
 * gets masked text and keyed hashes. Decided here only.
 */
export function handlesPost(principal: Principal, post: { unit: string | null }): boolean {
  if (principal.roles.includes('admin')) return true;
  const unitStaff = principal.roles.includes('officer') || principal.roles.includes('unit-head');
  return unitStaff && principal.unit !== undefined && principal.unit === post.unit;
}
