/**
 * Registration numbers (nomor registrasi) like `IZN-7K3M-Q9XD` and the applicant's secret, from the
 * service kit: 40 random bits, so numbers reveal neither order nor volume and cannot be
 * enumerated. Permit numbers, by contrast, are sequential.
 */
import { publicIds } from '@sinergi/service-kit';

export { hashSecret, newSecret, secretMatches } from '@sinergi/service-kit';

export const registrationNumbers = publicIds('IZN');
