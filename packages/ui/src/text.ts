/** Indonesian words citizens read on every service's pages: titles of common refusals and errors. */

export interface Message {
  title: string;
  detail: string;
}

/** What a citizen reads for an HTTP status when the service has nothing more specific to say. */
export function messageForStatus(status: number): Message {
  if (status === 404)
    return {
      title: 'Halaman tidak ditemukan',
      detail: 'Alamat yang Anda buka tidak ada atau sudah tidak berlaku. Periksa kembali tautannya.',
    };
  if (status === 403) return { title: 'Akses ditolak', detail: 'Tautan atau kode yang Anda gunakan tidak cocok.' };
  if (status === 413) return { title: 'Isian terlalu besar', detail: 'Mohon persingkat isian Anda lalu kirim lagi.' };
  if (status === 429) return { title: 'Terlalu banyak percobaan', detail: 'Mohon tunggu satu menit, lalu coba lagi.' };
  if (status === 409)
    return {
      title: 'Tidak dapat diproses sekarang',
      detail: 'Keadaan sudah berubah. Muat ulang halaman untuk melihat keadaan terbaru.',
    };
  if (status >= 500)
    return {
      title: 'Terjadi gangguan',
      detail: 'Layanan sedang mengalami gangguan. Mohon coba lagi beberapa saat lagi.',
    };
  return {
    title: 'Permintaan tidak dapat diproses',
    detail: 'Periksa kembali alamat atau isian Anda, lalu coba lagi.',
  };
}

/** Common validation messages, in the words of a form, not of a schema. */
export const FIELD_MESSAGES = {
  required: (label: string) => `${label} wajib diisi.`,
  tooShort: (label: string, min: number) => `${label} minimal ${min} karakter.`,
  tooLong: (label: string, max: number) => `${label} maksimal ${max} karakter.`,
  choose: (label: string) => `Pilih ${label.toLowerCase()}.`,
  invalid: (label: string) => `${label} tidak valid.`,
} as const;

/** A size as a citizen reads it: "2 MB", "500 KB" (decimal comma, no "bytes"). */
export function formatSize(bytes: number): string {
  if (bytes >= 1024 * 1024)
    return `${(bytes / (1024 * 1024)).toLocaleString('id-ID', { maximumFractionDigits: 1 })} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

/**
 * Refused uploads in a citizen's words, by the kit's problem code: a page shows these instead of
 * `file_too_large` or `unrecognized_file`. `maxBytes` and `maxFiles` come from the problem when known.
 */
export function uploadRefusal(code: string, o: { maxBytes?: unknown; maxFiles?: unknown } = {}): Message | undefined {
  const size = typeof o.maxBytes === 'number' ? ` paling besar ${formatSize(o.maxBytes)}` : ' lebih kecil';
  const texts: Record<string, Message> = {
    file_too_large: {
      title: 'Berkas terlalu besar',
      detail: `Berkas yang Anda kirim terlalu besar. Kirim berkas${size}, misalnya foto dengan ukuran lebih kecil atau hasil pindai dengan resolusi lebih rendah.`,
    },
    too_many_files: {
      title: 'Terlalu banyak berkas',
      detail: `Anda mengirim terlalu banyak berkas sekaligus${typeof o.maxFiles === 'number' ? ` (paling banyak ${o.maxFiles})` : ''}. Kirim hanya berkas yang diminta.`,
    },
    field_too_large: {
      title: 'Isian terlalu panjang',
      detail: 'Salah satu isian terlalu panjang. Mohon persingkat lalu kirim lagi.',
    },
    too_many_fields: {
      title: 'Isian terlalu banyak',
      detail: 'Formulir berisi isian yang tidak dikenal. Muat ulang halaman lalu isi kembali.',
    },
    empty_file: { title: 'Berkas kosong', detail: 'Berkas yang Anda pilih kosong. Pilih berkas lain.' },
    unrecognized_file: {
      title: 'Jenis berkas tidak dapat diterima',
      detail: 'Isi berkas ini bukan PDF, foto JPEG atau gambar PNG, apa pun namanya. Pilih berkas PDF, JPEG atau PNG.',
    },
    file_type_not_allowed: {
      title: 'Jenis berkas tidak sesuai',
      detail:
        'Jenis berkas ini tidak diterima untuk isian ini. Lihat petunjuk di bawah isian untuk jenis yang diterima.',
    },
    unsupported_media_type: {
      title: 'Formulir tidak terkirim dengan benar',
      detail: 'Muat ulang halaman, lalu isi dan kirim formulirnya lagi.',
    },
  };
  return texts[code];
}

/**
 * What a page says for a refused request: the service's own words for its code, else the words for a
 * refused upload, else the common words for its status.
 */
export function refusalMessage(
  problem: { code: string; status: number; extensions?: { maxBytes?: unknown; maxFiles?: unknown } },
  own: Readonly<Record<string, Message | undefined>>,
): Message {
  return own[problem.code] ?? uploadRefusal(problem.code, problem.extensions) ?? messageForStatus(problem.status);
}
