/**
 * The frame of every `/anggaran/` page and its Indonesian error pages: the shared site of @sinergi/ui
 * with this service's name and a menu for the year shown, and the refusals a citizen can meet in their
 * words.
 */
import type { RegionProfile } from '@sinergi/contracts';
import { messageForStatus, site, type HtmlReply, type Interpolation, type Message } from '@sinergi/ui';

const SERVICE = 'Anggaran Daerah';
const HOME = '/anggaran/';

/** Refusals a citizen can meet, in their words; anything else gets the status's common text. */
const PROBLEM_TEXT: Record<string, Message> = {
  fiscal_year_not_found: {
    title: 'Tahun anggaran tidak ditemukan',
    detail: 'Tahun anggaran ini belum dibuka di daerah ini. Pilih tahun lain dari halaman anggaran.',
  },
  line_item_not_found: {
    title: 'Baris anggaran tidak ditemukan',
    detail: 'Baris ini tidak ada atau belum termasuk anggaran yang disetujui.',
  },
  unit_not_found: {
    title: 'Perangkat daerah tidak ditemukan',
    detail: 'Perangkat daerah ini tidak ada di daerah ini, atau anggarannya belum disetujui.',
  },
  unknown_tenant: {
    title: 'Daerah tidak dikenal',
    detail: 'Alamat ini tidak merujuk ke pemerintah daerah yang dilayani.',
  },
  flag_exists: {
    title: 'Baris ini sudah Anda tandai',
    detail:
      'Tanda Anda untuk baris ini sudah kami terima. TAPD akan menjawabnya; jawabannya tampil di halaman tanda dan jawaban.',
  },
  flag_limit_reached: {
    title: 'Batas tanda hari ini sudah tercapai',
    detail: 'Setiap warga dapat mengirim beberapa tanda sehari. Silakan lanjutkan besok.',
  },
};

/** A 400 from an address's own parts (a year like 20x6, a line id that is no id): the address is wrong. */
const BAD_ADDRESS: Message = {
  title: 'Alamat tidak dikenal',
  detail: 'Alamat ini tidak lengkap atau salah ketik. Mulai lagi dari halaman anggaran.',
};

export function messageFor(code: string | undefined, status: number): Message {
  if (code && PROBLEM_TEXT[code]) return PROBLEM_TEXT[code];
  if (status === 400 && code !== 'unknown_tenant') return BAD_ADDRESS;
  return messageForStatus(status);
}

export interface Frame {
  region: RegionProfile | undefined;
  year?: number | undefined;
  /** Keeps `?tenant=` on links when the page was opened with it. */
  to: (path: string) => string;
}

const SITE = site({ service: SERVICE, home: HOME, nav: [], back: 'Kembali ke halaman anggaran' });

function menu(f: Frame) {
  const year = f.year;
  const nav = year
    ? [
        { href: f.to(`/anggaran/${year}`), label: `Anggaran ${year}` },
        { href: f.to(`/anggaran/${year}/penghematan`), label: 'Penghematan' },
        { href: f.to(`/anggaran/${year}/temuan`), label: 'Tanda warga' },
      ]
    : [{ href: f.to(HOME), label: 'Anggaran' }];
  return { nav, home: f.to(HOME), region: f.region?.name };
}

export const sendPage = (reply: HtmlReply, f: Frame, o: { status?: number; title: string; body: Interpolation }) =>
  SITE.send(reply, { ...menu(f), ...o });

export const sendError = (reply: HtmlReply, f: Frame, o: { status: number; code?: string | undefined }) =>
  SITE.refusal(reply, { ...menu(f), status: o.status, text: messageFor(o.code, o.status) });
