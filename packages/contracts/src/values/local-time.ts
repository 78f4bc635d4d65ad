/**
 * Dates and times as a citizen reads them: in the region's own zone (WIB, WITA, WIT), in Indonesian,
 * never UTC and never ISO: "Senin, 7 Desember 2026 pukul 16.48 WIB". One formatter for every page,
 * PDF, message and Open311 description, so a citizen reads one style everywhere.
 */

const ZONE_LABEL: Record<string, string> = {
  'Asia/Jakarta': 'WIB',
  'Asia/Pontianak': 'WIB',
  'Asia/Makassar': 'WITA',
  'Asia/Jayapura': 'WIT',
};
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

const formatters = new Map<string, Intl.DateTimeFormat>();
function localParts(instant: Date, timeZone: string) {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      weekday: 'short',
    });
    formatters.set(timeZone, f);
  }
  const parts = Object.fromEntries(f.formatToParts(instant).map((p) => [p.type, p.value]));
  return {
    year: parts.year!,
    month: Number(parts.month),
    day: Number(parts.day),
    hour: parts.hour!,
    minute: parts.minute!,
    weekday: ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(parts.weekday!),
  };
}

const toDate = (at: Date | string): Date => {
  const d = typeof at === 'string' ? new Date(at) : at;
  if (Number.isNaN(d.getTime())) throw new RangeError(`not a date-time: ${String(at)}`);
  return d;
};

/** A calendar date `2026-06-03` in words: "3 Juni 2026" (no zone: it already is a local date). */
export function formatCalendarDate(isoDate: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!m) throw new RangeError(`not a calendar date: ${isoDate}`);
  return `${Number(m[3])} ${MONTHS[Number(m[2]) - 1]} ${m[1]}`;
}

/** "7 Desember 2026": the local day of an instant in the zone. */
export function formatLongDate(at: Date | string, timeZone: string): string {
  const p = localParts(toDate(at), timeZone);
  return `${p.day} ${MONTHS[p.month - 1]} ${p.year}`;
}

/** "Senin, 7 Desember 2026" in the zone. */
export function formatDate(at: Date | string, timeZone: string): string {
  const p = localParts(toDate(at), timeZone);
  return `${DAYS[p.weekday]}, ${formatLongDate(at, timeZone)}`;
}

/** "7 Desember 2026 pukul 16.48 WIB" in the zone. */
export function formatLongDateTime(at: Date | string, timeZone: string): string {
  const p = localParts(toDate(at), timeZone);
  return `${formatLongDate(at, timeZone)} pukul ${p.hour}.${p.minute} ${zoneLabel(timeZone)}`;
}

/** "Senin, 7 Desember 2026 pukul 16.48 WIB" in the zone. */
export function formatDateTime(at: Date | string, timeZone: string): string {
  const p = localParts(toDate(at), timeZone);
  return `${formatDate(at, timeZone)} pukul ${p.hour}.${p.minute} ${zoneLabel(timeZone)}`;
}

/** A validity or deadline ends (exclusive) at local midnight: the last day it holds, "6 Desember 2027". */
export function formatLastDay(endExclusive: Date | string, timeZone: string): string {
  return formatLongDate(new Date(toDate(endExclusive).getTime() - 1), timeZone);
}
