/**
 * How a citizen at the desk is matched to their posts: a phone number (WhatsApp and SMS senders are
 * their numbers, stored as the platform wrote them: `6281...`, `+6281...` or `081...`) or a platform
 * account (channel and the platform's user id, which staff read from the citizen's profile or from the
 * post the citizen shows them). Pure; a refusal never repeats the value.
 */
import { z } from 'zod';
import { normalizePhone, SocialChannel } from '@sinergi/contracts';
import { P } from '../problems.js';

export const Identifier = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('phone'),
    value: z.string().min(1).max(40).describe('The number: never logged, stored or answered back'),
  }),
  z.object({
    kind: z.literal('handle'),
    channel: SocialChannel,
    value: z.string().min(1).max(200).describe('The platform’s user id: never logged, stored or answered back'),
  }),
]);
export type Identifier = z.infer<typeof Identifier>;

export interface AuthorMatch {
  channels: readonly string[];
  platformIds: string[];
}

const PHONE_CHANNELS = ['whatsapp', 'sms', 'generic'] as const;

export function authorMatch(identifier: Identifier): AuthorMatch {
  const value = identifier.value.trim();
  if (identifier.kind === 'handle') {
    if (value === '' || value === 'unknown')
      throw P.invalid_identifier('The identifier given does not have the form of its kind.', {
        errors: [{ in: 'body', field: 'identifier.value', message: 'not a platform user id' }],
      });
    return { channels: [identifier.channel], platformIds: [value] };
  }
  let e164: string;
  try {
    e164 = normalizePhone(value);
  } catch {
    throw P.invalid_identifier('The identifier given does not have the form of its kind.', {
      errors: [{ in: 'body', field: 'identifier.value', message: 'not an Indonesian mobile number' }],
    });
  }
  return { channels: PHONE_CHANNELS, platformIds: [e164, e164.slice(1), `0${e164.slice(3)}`] };
}
