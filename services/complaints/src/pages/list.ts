/**
 * The public list (`/lapor/daftar`): the same `listPublicReports` as `GET /v1/public/reports`, so
 * rahasia reports, supporting duplicates (counted on their target) and archived reports never show,
 * and titles are masked the same way.
 */
import { findCategory, type RegionProfile } from '@sinergi/contracts';
import { badge, button, formatDate, html, selectField, type SafeHtml } from '@sinergi/ui';
import type { PublicReport } from '../public/schemas.js';
import { PUBLIC_STATUSES } from '../public/schemas.js';
import { districtsOf } from './start.js';
import { statusLabel, statusTone } from './text.js';

export const PAGE_SIZE = 20;

export interface ListFilters {
  kategori?: string | undefined;
  status?: (typeof PUBLIC_STATUSES)[number] | undefined;
  kecamatan?: string | undefined;
  halaman: number;
}

/** Filters from the query string; values the region does not know are ignored, not refused. */
export function listFilters(profile: RegionProfile, q: Record<string, string | undefined>): ListFilters {
  const halaman = Number(q.halaman);
  return {
    kategori: q.kategori && findCategory(profile, q.kategori) ? q.kategori : undefined,
    status: (PUBLIC_STATUSES as string[]).includes(q.status ?? '')
      ? (q.status as (typeof PUBLIC_STATUSES)[number])
      : undefined,
    kecamatan: q.kecamatan && districtsOf(profile).some((d) => d.value === q.kecamatan) ? q.kecamatan : undefined,
    halaman: Number.isInteger(halaman) && halaman >= 1 && halaman <= 5000 ? halaman : 1,
  };
}

export function listPage(o: {
  profile: RegionProfile;
  filters: ListFilters;
  items: PublicReport[];
  total: number;
  link: (path: string, q?: Record<string, string | undefined>) => string;
}): SafeHtml {
  const { profile, filters: f } = o;
  const pages = Math.max(1, Math.ceil(o.total / PAGE_SIZE));
  const q = { kategori: f.kategori, status: f.status, kecamatan: f.kecamatan };
  const pageLink = (n: number) => o.link('/lapor/daftar', { ...q, halaman: String(n) });
  const categories = profile.complaintCategories.map((c) => ({ value: c.code, label: c.name }));
  const statuses = PUBLIC_STATUSES.map((s) => ({ value: s, label: statusLabel(s) }));
  const items = o.items.map(
    (r) =>
      html`<li><h2><a href="${o.link(`/lapor/lacak/${r.trackingId}`)}">${r.title}</a></h2>${badge(statusLabel(r.status), statusTone(r.status))}<p class="meta">${findCategory(profile, r.category)?.name ?? r.category} · ${formatDate(r.submittedAt, profile.timeZone)}${r.supporters > 0 ? ` · didukung ${r.supporters} laporan serupa` : ''}</p></li>`,
  );
  return html`<h1>Daftar laporan</h1>
<p>Laporan warga ${profile.name}. Laporan rahasia tidak ditampilkan, dan laporan yang sama dari beberapa warga ditampilkan sekali.</p>
<form method="get" action="${o.link('/lapor/daftar')}" class="filters">
${selectField({ name: 'kategori', label: 'Kategori', value: f.kategori, options: categories, empty: 'Semua kategori' })}
${selectField({ name: 'status', label: 'Keadaan', value: f.status, options: statuses, empty: 'Semua keadaan' })}
${selectField({ name: 'kecamatan', label: 'Kecamatan', value: f.kecamatan, options: districtsOf(profile), empty: 'Semua kecamatan' })}
<div>${button('Tampilkan')}</div>
</form>
<p role="status">${o.total === 0 ? 'Tidak ada laporan yang sesuai.' : `${o.total} laporan · halaman ${f.halaman} dari ${pages}`}</p>
<ul class="cards">${items}</ul>
<nav class="pager" aria-label="Halaman">${f.halaman > 1 ? html`<a href="${pageLink(f.halaman - 1)}">‹ Sebelumnya</a>` : html`<span></span>`}${f.halaman < pages ? html`<a href="${pageLink(f.halaman + 1)}">Berikutnya ›</a>` : ''}</nav>`;
}
