/*
 * Masks for showing personal data (UU 27/2022, PDP) where a hint is enough: on screens, in logs and
 * in events. They hide; they do not anonymize.
 */

/**
 * `budi.santoso@example.co.id` -> `b***@e***.id`: the first letter of the mailbox and of the domain,
 * and the top-level domain. A small office's own domain would otherwise name the person's employer.
 * Without an `@` everything is hidden.
 */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at <= 0) return '***';
  const first = Array.from(email.slice(0, at))[0] ?? '';
  const domain = email.slice(at + 1);
  const dot = domain.lastIndexOf('.');
  if (dot <= 0) return `${first}***@***`;
  return `${first}***@${Array.from(domain)[0] ?? ''}***${domain.slice(dot)}`;
}

/** `Budi Santoso` -> `B*** S***`: the first letter of each word. */
export function maskName(name: string): string {
  return name
    .trim()
    .split(/\s+/)
    .filter((word) => word !== '')
    .map((word) => `${Array.from(word)[0] ?? ''}***`)
    .join(' ');
}
