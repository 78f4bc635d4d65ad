import { ROLES, RegionCode, type Role } from '@sinergi/contracts';
import { signDevToken } from '@sinergi/service-kit';
import { CliError } from './errors.js';

export async function mintDevToken(o: {
  tenant?: string | undefined;
  role?: string[] | undefined;
  unit?: string | undefined;
  sub?: string | undefined;
  expires?: string | undefined;
}): Promise<string> {
  const region = RegionCode.safeParse(o.tenant ?? '');
  if (!region.success)
    throw new CliError(
      `--tenant must be a region code such as 32.73 (Kota Bandung): ${region.error.issues.map((i) => i.message).join('; ')}`,
    );
  const tenant = region.data;
  const roles = o.role ?? [];
  const unknown = roles.filter((r) => !(ROLES as readonly string[]).includes(r));
  if (roles.length === 0 || unknown.length > 0) {
    throw new CliError(
      `--role must be one or more of ${ROLES.join(', ')}${unknown.length ? `; unknown: ${unknown.join(', ')}` : ''}`,
    );
  }
  if (roles.some((r) => r === 'officer' || r === 'unit-head') && !o.unit)
    throw new CliError('officer and unit-head tokens need --unit');
  return signDevToken(
    { sub: o.sub ?? `dev-${roles.join('-')}`, tenant, roles: roles as Role[], unit: o.unit },
    { expiresIn: o.expires ?? '12h' },
  );
}
