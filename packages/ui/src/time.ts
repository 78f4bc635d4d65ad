/**
 * Dates and times as a citizen reads them: in the region's own zone (WIB, WITA, WIT), in Indonesian,
 * never UTC and never ISO: "Senin, 7 Desember 2026 pukul 16.48 WIB".
 */

const ZONE_LABEL: Record<string, string> = { 'Asia/Jakarta': 'WIB', 'Asia/Makassar': 'WITA', 'Asia/Jayapura': 'WIT' };
const DAYS = ['Minggu', 'Senin', 'Selasa', 'Rabu', 'Kamis', 'Jumat', 'Sabtu'];
const MONTHS = [
  'Januari',
  'Februari',
  'Maret',
  'April',
  'Mei',
  'Juni',
  'Juli',
  'Agustus',
  'September',
  'Oktober',
  'November',
  'Desember',
];

/** The zone's Indonesian abbreviation; an unknown zone keeps its IANA name rather than pretending. */
export const zoneLabel = (timeZone: string): string => ZONE_LABEL[timeZone] ?? timeZone;

function localParts(instant: Date, timeZone: string) {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      weekday: 'short',
    })
      .formatToParts(instant)
      .map((p) => [p.type, p.value]),
  );
  const weekday = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(parts.weekday!);
  return {
    year: parts.year!,
    month: Number(parts.month),
    day: Number(parts.day),
    hour: parts.hour!,
    minute: parts.minute!,
    weekday,
  };
}

const toDate = (at: Date | string): Date => (typeof at === 'string' ? new Date(at) : at);

/** "Senin, 7 Desember 2026" in the zone. */
export function formatDate(at: Date | string, timeZone: string): string {
  const p = localParts(toDate(at), timeZone);
  return `${DAYS[p.weekday]}, ${p.day} ${MONTHS[p.month - 1]} ${p.year}`;
}

/** "Senin, 7 Desember 2026 pukul 16.48 WIB" in the zone. */
export function formatDateTime(at: Date | string, timeZone: string): string {
  const p = localParts(toDate(at), timeZone);
  return `${formatDate(at, timeZone)} pukul ${p.hour}.${p.minute} ${zoneLabel(timeZone)}`;
}

/** The machine-readable value of a `<time datetime>`: the instant, for assistive tools, not shown. */
export const isoInstant = (at: Date | string): string => toDate(at).toISOString();
