/**
 * Dates and times as a citizen reads them, from the one formatter in @sinergi/contracts (also used by
 * PDFs, messages and Open311 descriptions): "Senin, 7 Desember 2026 pukul 16.48 WIB".
 */
export { formatDate, formatDateTime, formatLongDate, formatLastDay, zoneLabel } from '@sinergi/contracts';

/** The machine-readable value of a `<time datetime>`: the instant, for assistive tools, not shown. */
export const isoInstant = (at: Date | string): string => (typeof at === 'string' ? new Date(at) : at).toISOString();
