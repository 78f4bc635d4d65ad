import type { ReportStatus } from '@sinergi/contracts';
import type { NormalizedPost } from './post.js';
import { formatLongDateTime, maskPersonalData } from '@sinergi/contracts';

/*
 * How and what to answer on the channel a complaint came from. Pure: the caller supplies the time.
 *
 * Windows, measured from the citizen's last inbound message in that conversation:
 * - WhatsApp: free-form text while less than 24 h have passed; from 24 h on only an approved template.
 * - Messenger and Instagram Direct: a standard (RESPONSE) message under 24 h; from 24 h to under 7 days
 *   only with the HUMAN_AGENT tag, which Meta allows for replies that a person sends or decides
 *   (a staff follow-up or closing); from 7 days on nothing can be sent.
 * - Comments (Facebook, Instagram), X mentions and DMs, Telegram: no window.
 * A boundary instant belongs to the later period (exactly 24 h is outside the 24 h window).
 */

export const HOUR_MS = 3_600_000;
export const WHATSAPP_WINDOW_MS = 24 * HOUR_MS;
export const MESSENGER_WINDOW_MS = 24 * HOUR_MS;
export const HUMAN_AGENT_WINDOW_MS = 7 * 24 * HOUR_MS;

export type ReplyMethod =
  | 'facebook-comment-reply'
  | 'instagram-comment-reply'
  /** Messenger Send API, standard message (Facebook Messenger or Instagram Direct). */
  | 'messenger-response'
  /** Messenger Send API with `MESSAGE_TAG` + `HUMAN_AGENT` (Facebook Messenger or Instagram Direct). */
  | 'messenger-human-agent'
  | 'whatsapp-text'
  | 'whatsapp-template'
  | 'x-tweet-reply'
  | 'x-dm'
  | 'telegram-message';

export type ReplyPlan = { possible: true; method: ReplyMethod } | { possible: false; reason: string };

export interface ChooseReplyOptions {
  /** Use HUMAN_AGENT between 24 h and 7 days (default true); false when no person decided the reply. */
  allowHumanAgent?: boolean;
}

function elapsedMs(lastInboundAt: Date | string, now: Date): number {
  const last = lastInboundAt instanceof Date ? lastInboundAt.getTime() : Date.parse(lastInboundAt);
  if (Number.isNaN(last) || Number.isNaN(now.getTime())) return Number.POSITIVE_INFINITY; // unknown: assume the window closed
  return Math.max(0, now.getTime() - last); // a last message "in the future" (clock skew) counts as just now
}

/**
 * Chooses how to reply to `post`. `lastInboundAt` is the time of the citizen's latest message in the
 * same conversation (it reopens the window); null uses `post.receivedAt`.
 */
export function chooseReplyMethod(
  post: Pick<NormalizedPost, 'channel' | 'kind' | 'receivedAt'>,
  lastInboundAt: Date | string | null,
  now: Date,
  options: ChooseReplyOptions = {},
): ReplyPlan {
  const elapsed = () => elapsedMs(lastInboundAt ?? post.receivedAt, now);
  const unsupported = (): ReplyPlan => ({
    possible: false,
    reason: `no reply method for a ${post.channel} ${post.kind}`,
  });

  switch (post.channel) {
    case 'facebook':
    case 'instagram': {
      if (post.kind === 'comment') {
        return {
          possible: true,
          method: post.channel === 'facebook' ? 'facebook-comment-reply' : 'instagram-comment-reply',
        };
      }
      if (post.kind !== 'dm') return unsupported();
      const ms = elapsed();
      if (ms < MESSENGER_WINDOW_MS) return { possible: true, method: 'messenger-response' };
      if (ms < HUMAN_AGENT_WINDOW_MS) {
        if (options.allowHumanAgent === false) {
          return {
            possible: false,
            reason:
              'more than 24 hours since the citizen’s last message, and the reply is not sent by a person (HUMAN_AGENT)',
          };
        }
        return { possible: true, method: 'messenger-human-agent' };
      }
      return {
        possible: false,
        reason:
          '7 days or more since the citizen’s last message: Meta allows no further message until they write again',
      };
    }
    case 'whatsapp':
      return { possible: true, method: elapsed() < WHATSAPP_WINDOW_MS ? 'whatsapp-text' : 'whatsapp-template' };
    case 'x':
      if (post.kind === 'mention') return { possible: true, method: 'x-tweet-reply' };
      if (post.kind === 'dm') return { possible: true, method: 'x-dm' };
      return unsupported();
    case 'telegram':
      return { possible: true, method: 'telegram-message' };
    case 'sms':
    case 'generic':
      return {
        possible: false,
        reason: `no outbound client for ${post.channel}: the gateway that delivered the message handles answers`,
      };
  }
}

/* ------------------------------------------------------------------------------------------ */

export type ReplyKind = 'received' | 'followed-up' | 'closed' | 'needs-information';

/** Indonesian labels of the complaints statuses, for citizens. */
export const STATUS_LABELS: Record<ReportStatus, string> = {
  submitted: 'Menunggu verifikasi',
  disposed: 'Diteruskan ke unit terkait',
  deferred: 'Menunggu keterangan tambahan',
  forwarded: 'Dilimpahkan ke instansi berwenang',
  archived: 'Diarsipkan',
  'in-progress': 'Sedang diproses',
  'followed-up': 'Sudah ditindaklanjuti',
  closed: 'Selesai',
  supporting: 'Digabungkan dengan laporan serupa',
};

export interface ReplyContent {
  /** The complaints tracking id, e.g. `LPR-7K3M-Q9XD`. */
  trackingId: string;
  status: ReportStatus;
  /** Shown instead of the default label of `status`; masked and cut to 60 characters. */
  statusLabel?: string;
  kind: ReplyKind;
}

/** Upper-case letters, digits and dashes: nothing else can reach the citizen through the tracking id. */
export const TRACKING_ID_PATTERN = /^[A-Z0-9](?:[A-Z0-9-]{2,38})[A-Z0-9]$/;

/** The label as shown: one line, personal data masked, at most 60 characters. */
export function statusLabelFor(content: Pick<ReplyContent, 'status' | 'statusLabel'>): string {
  const given =
    content.statusLabel === undefined ? '' : maskPersonalData(content.statusLabel.replace(/\s+/g, ' ').trim());
  const label = given === '' ? STATUS_LABELS[content.status] : given;
  return label.length > 60 ? `${label.slice(0, 59)}…` : label;
}

/**
 * The reply in polite Indonesian. It names only the tracking id and the status, never the
 * citizen's name, contact or the text of the report, because comments and tweets are public.
 * Every text fits a tweet (280 characters). Throws a RangeError for a tracking id that is not
 * 4-40 upper-case letters, digits and dashes.
 */
export function replyText(content: ReplyContent): string {
  const id = content.trackingId;
  if (!TRACKING_ID_PATTERN.test(id))
    throw new RangeError('trackingId must be 4-40 upper-case letters, digits and dashes');
  const label = statusLabelFor(content);
  switch (content.kind) {
    case 'received':
      return `Terima kasih, laporan Anda sudah kami terima dengan nomor ${id}. Status: ${label}. Simpan nomor ini untuk memantau perkembangan laporan Anda.`;
    case 'followed-up':
      return `Laporan Anda dengan nomor ${id} sudah ditindaklanjuti oleh petugas kami. Status: ${label}. Terima kasih atas laporan dan kesabaran Anda.`;
    case 'closed':
      return `Laporan Anda dengan nomor ${id} telah selesai dan kami tutup. Status: ${label}. Terima kasih telah membantu kami memperbaiki layanan publik.`;
    case 'needs-information':
      return `Laporan Anda dengan nomor ${id} memerlukan keterangan tambahan. Status: ${label}. Mohon kirimkan keterangan dengan menyebutkan nomor tersebut; jangan tulis NIK atau nomor telepon di komentar.`;
  }
}

/** The body parameters of the WhatsApp template, in order: {{1}} tracking id, {{2}} status. */
export function templateParameters(
  content: Pick<ReplyContent, 'trackingId' | 'status' | 'statusLabel'>,
): [string, string] {
  if (!TRACKING_ID_PATTERN.test(content.trackingId))
    throw new RangeError('trackingId must be 4-40 upper-case letters, digits and dashes');
  return [content.trackingId, statusLabelFor(content)];
}

/* ------------------------------------------------------------------------------------------ */
/*
 * Rating invitations (official-rating). The link carries a single-use bearer token: whoever reads
 * it can rate in the citizen's name. It therefore goes only into a private conversation with the
 * citizen, never into a comment, a reply tweet or a group chat, and never as a WhatsApp template
 * (the approved template has no place for it).
 */

/** What the outbound log shows instead of the link. */
export const RATING_LINK_PLACEHOLDER = '[tautan penilaian]';
/** Well inside the smallest limit of the private channels (Messenger 2,000; WhatsApp and Telegram 4,096; X DMs 10,000). */
export const RATING_TEXT_MAX = 1000;

export interface RatingInvitationContent {
  /** The complaints tracking id the invitation is about. */
  trackingId: string;
  /** The rating form with the token. */
  url: string;
  /** ISO 8601 with offset. */
  expiresAt: string;
  /** The region's IANA zone, in which the expiry is shown. */
  timeZone: string;
}

/** `14 Desember 2026 pukul 10.00 WIB`: the expiry in the region's time. */
export function formatExpiry(expiresAt: string, timeZone: string): string {
  if (Number.isNaN(Date.parse(expiresAt))) throw new RangeError('expiresAt must be a date-time');
  return formatLongDateTime(expiresAt, timeZone);
}

/**
 * The invitation in Indonesian. Throws a RangeError for a tracking id or a link that must not reach
 * the citizen (only http(s), no spaces) or a text longer than RATING_TEXT_MAX.
 */
export function ratingInvitationText(content: RatingInvitationContent): string {
  if (!TRACKING_ID_PATTERN.test(content.trackingId))
    throw new RangeError('trackingId must be 4-40 upper-case letters, digits and dashes');
  let url: URL;
  try {
    url = new URL(content.url);
  } catch {
    throw new RangeError('the rating link is not a URL');
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || /\s/.test(content.url))
    throw new RangeError('the rating link must be an http(s) URL');
  const text =
    `Terima kasih. Laporan ${content.trackingId} sudah selesai. Mohon nilai layanan kami: ${content.url} ` +
    `(berlaku sampai ${formatExpiry(content.expiresAt, content.timeZone)}). Tautan ini hanya untuk Anda, jangan dibagikan.`;
  if (text.length > RATING_TEXT_MAX)
    throw new RangeError(`the rating message would be longer than ${RATING_TEXT_MAX} characters`);
  return text;
}

/** The text with the link replaced by RATING_LINK_PLACEHOLDER: what the outbound log and stored answers keep. */
export function redactRatingLink(text: string, url: string): string {
  if (url === '') return text;
  const out = text.split(url).join(RATING_LINK_PLACEHOLDER);
  // a platform may echo the link re-encoded (\/, \u0026, &amp;, shortened): the token itself goes too
  const token = ratingToken(url);
  return token
    ? out.replace(new RegExp(token.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'gi'), RATING_LINK_PLACEHOLDER)
    : out;
}

/** The bearer token in a rating link: its `token` parameter, else its last path segment when long enough to be one. */
function ratingToken(url: string): string | null {
  try {
    const u = new URL(url);
    const token = u.searchParams.get('token') ?? u.pathname.split('/').filter(Boolean).pop() ?? '';
    return token.length >= 16 ? token : null;
  } catch {
    return null;
  }
}

/** The stored (redacted) text with the link put back, at the moment of sending. */
export function withRatingLink(text: string, url: string): string {
  return text.split(RATING_LINK_PLACEHOLDER).join(url);
}

export interface ConversationFacts extends Pick<NormalizedPost, 'channel' | 'kind' | 'receivedAt'> {
  /** Telegram's `chat.type` of the message (`private`, `group`, `supergroup`, `channel`); null when unknown. */
  telegramChatType?: string | null;
}

/**
 * Whether an answer to the post reaches only its author: Messenger and Instagram Direct, X DMs,
 * WhatsApp (one-to-one with the Cloud API), a Telegram private chat. Comments, tweets, Telegram
 * groups and channels are public or shared. An unknown Telegram chat type counts as shared.
 */
export function isPrivateConversation(post: Pick<ConversationFacts, 'channel' | 'kind' | 'telegramChatType'>): boolean {
  switch (post.channel) {
    case 'facebook':
    case 'instagram':
    case 'x':
      return post.kind === 'dm';
    case 'whatsapp':
      return post.kind === 'message';
    case 'telegram':
      return post.kind === 'message' && post.telegramChatType === 'private';
    case 'sms':
    case 'generic':
      return post.kind === 'message';
  }
}

/**
 * How to send a rating invitation in answer to `post`, or why not. Only private conversations, inside
 * the platform's window for an automatic message (no HUMAN_AGENT: nobody decided this message), and
 * never as a WhatsApp template.
 */
export function chooseRatingInvitationMethod(
  post: ConversationFacts,
  lastInboundAt: Date | string | null,
  now: Date,
): ReplyPlan {
  if (!isPrivateConversation(post)) {
    return {
      possible: false,
      reason: `the ${post.channel} ${post.kind} is not a private conversation: a rating link in public could be used by anyone`,
    };
  }
  const plan = chooseReplyMethod(post, lastInboundAt, now, { allowHumanAgent: false });
  if (plan.possible && plan.method === 'whatsapp-template') {
    return {
      possible: false,
      reason:
        'more than 24 hours since the citizen’s last WhatsApp message: only the approved template may be sent, and it cannot carry the rating link',
    };
  }
  return plan;
}
