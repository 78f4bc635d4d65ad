/**
 * The frame of every `/anggaran/` page and its Indonesian error pages: the shared layout with this
 * service's name and menu, and the refusals a citizen can meet in their words. (complaints, licensing
 * and official-rating each hold the same few lines of error scaffolding; this is budgeting's copy, kept
 * in this one file until it lives in @sinergi/ui.)
 */
import type { RegionProfile } from '@sinergi/contracts';
import { html, messageForStatus, notice, page, type Interpolation, type Message } from '@sinergi/ui';
import type { FastifyReply } from 'fastify';

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

export function sendPage(reply: FastifyReply, f: Frame, o: { status?: number; title: string; body: Interpolation }) {
  const year = f.year;
  const nav = year
    ? [
        { href: f.to(`/anggaran/${year}`), label: `Anggaran ${year}` },
        { href: f.to(`/anggaran/${year}/penghematan`), label: 'Penghematan' },
        { href: f.to(`/anggaran/${year}/temuan`), label: 'Tanda warga' },
      ]
    : [{ href: f.to(HOME), label: 'Anggaran' }];
  return reply
    .code(o.status ?? 200)
    .type('text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .send(
      page({
        title: o.title,
        region: f.region?.name ?? 'Pemerintah Daerah',
        service: SERVICE,
        home: f.to(HOME),
        nav,
        body: o.body,
      }),
    );
}

export function sendError(reply: FastifyReply, f: Frame, o: { status: number; code?: string | undefined }) {
  const text = messageFor(o.code, o.status);
  return sendPage(reply, f, {
    status: o.status,
    title: text.title,
    body: html`<h1>${text.title}</h1>${notice({ tone: 'bad', role: 'alert', body: html`<p>${text.detail}</p>` })}<p><a href="${f.to(HOME)}">Kembali ke halaman anggaran</a></p>`,
  });
}
