import { ROLES, RegionCode, type Role } from '@sinergi/contracts';
import { signDevToken } from '@sinergi/service-kit';

export async function mintDevToken(o: { tenant?: string | undefined; role?: string[] | undefined; unit?: string | undefined; sub?: string | undefined; expires?: string | undefined }): Promise<string> {
  const tenant = RegionCode.parse(o.tenant ?? '');
  const roles = o.role ?? [];
  const unknown = roles.filter((r) => !(ROLES as readonly string[]).includes(r));
  if (roles.length === 0 || unknown.length > 0) {
    throw new Error(`--role must be one or more of ${ROLES.join(', ')}${unknown.length ? `; unknown: ${unknown.join(', ')}` : ''}`);
  }
  if (roles.some((r) => r === 'officer' || r === 'unit-head') && !o.unit) throw new Error('officer and unit-head tokens need --unit');
  return signDevToken(
    { sub: o.sub ?? `dev-${roles.join('-')}`, tenant, roles: roles as Role[], unit: o.unit },
    { expiresIn: o.expires ?? '12h' },
  );
}
