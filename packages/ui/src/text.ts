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
