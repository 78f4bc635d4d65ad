/**
 * Counts, after each drill, what became of every accepted request: rows stored (complaints'
 * reports by marker, licensing's permits), events published (the R3 streams, read whole),
 * events consumed (official-rating's and complaints'/licensing's inboxes) and what the consumers
 * made of them (invitations on both sides), plus the outboxes still waiting and dead letters.
 * Anything missing is lost; anything twice is a duplicate.
 */
import { connect } from '@nats-io/transport-node';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { streamConfigFor } from '@sinergi/contracts';
import { database, EVENT_PREFIX, SERVICES } from './fleet.js';
import type { OwnPostgres } from './postgres.js';
import type { Ticket } from './traffic.js';
import type { Application } from './permits.js';

export interface StreamEvent {
  id: string;
  type: string;
  data: Record<string, unknown>;
}

/** Every message of a service's stream, in order (an ordered consumer, read to the last sequence). */
export async function readStream(natsUrl: string, service: string): Promise<StreamEvent[]> {
  const nc = await connect({ servers: natsUrl.split(',') });
  try {
    const name = streamConfigFor(service, EVENT_PREFIX).name;
    const info = await (await jetstreamManager(nc)).streams.info(name);
    const last = info.state.last_seq;
    const events: StreamEvent[] = [];
    if (info.state.messages === 0) return events;
    const consumer = await jetstream(nc).consumers.get(name);
    const messages = await consumer.consume();
    for await (const m of messages) {
      events.push(JSON.parse(m.string()) as StreamEvent);
      if (m.seq >= last) break;
    }
    return events;
  } finally {
    await nc.close();
  }
}

const tally = (keys: string[]) => {
  const m = new Map<string, number>();
  for (const k of keys) m.set(k, (m.get(k) ?? 0) + 1);
  return m;
};

/** Keys expected once: how many are missing, how many appear more than once. */
function check(expected: string[], seen: Map<string, number>) {
  return {
    lost: expected.filter((k) => !seen.get(k)).length,
    duplicates: expected.filter((k) => (seen.get(k) ?? 0) > 1).length,
  };
}

export interface Counts {
  accepted: number;
  stored: number;
  published: number;
  consumed: number;
  invitations: number;
  closed: number;
  granted: number;
  lost: number;
  duplicates: number;
  backlog: number;
  deadLetters: number;
  /** What was lost or doubled, named, for the failure message. */
  problems: string[];
}

export async function audit(o: {
  pg: OwnPostgres;
  natsUrl: string;
  tickets: Ticket[];
  applications: Application[];
}): Promise<Counts> {
  const { pg } = o;
  const problems: string[] = [];
  const note = (what: string, r: { lost: number; duplicates: number }) => {
    if (r.lost > 0) problems.push(`${what}: ${r.lost} lost`);
    if (r.duplicates > 0) problems.push(`${what}: ${r.duplicates} doubled`);
    return r;
  };
  const accepted = o.tickets.filter((t) => t.accepted);
  const closed = accepted.filter((t) => t.closed).map((t) => t.trackingId!);

  // stored: one report per accepted request, found by its marker; unanswered requests at most once
  const reports = await pg.query<{ marker: string; tracking_id: string; status: string }>(
    database('complaints'),
    `select substring(description from 'DRILL-[0-9]+') as marker, tracking_id, status from report`,
  );
  const byMarker = tally(reports.map((r) => r.marker));
  const stored = note(
    'reports stored',
    check(
      accepted.map((t) => t.marker),
      byMarker,
    ),
  );
  const unanswered = o.tickets.filter((t) => !t.accepted && (byMarker.get(t.marker) ?? 0) > 1).length;
  if (unanswered > 0) problems.push(`reports stored: ${unanswered} unanswered requests stored twice`);
  const closedNow = new Set(reports.filter((r) => r.status === 'closed').map((r) => r.tracking_id));
  const notClosed = closed.filter((id) => !closedNow.has(id)).length;
  if (notClosed > 0) problems.push(`closures: ${notClosed} confirmed but not closed`);

  // published: each report's submitted and closed events in the stream once
  const complaintsEvents = await readStream(o.natsUrl, 'complaints');
  const submittedEvents = complaintsEvents.filter((e) => e.type === 'sinergi.complaints.report.submitted.v1');
  const closedEvents = complaintsEvents.filter((e) => e.type === 'sinergi.complaints.report.closed.v1');
  const ids = tally(complaintsEvents.map((e) => e.id));
  const streamDuplicates = [...ids.values()].filter((n) => n > 1).length;
  if (streamDuplicates > 0) problems.push(`complaints stream: ${streamDuplicates} event ids published twice`);
  const published = note(
    'report.submitted published',
    check(
      accepted.map((t) => t.trackingId!),
      tally(submittedEvents.map((e) => String(e.data.trackingId))),
    ),
  );
  note('report.closed published', check(closed, tally(closedEvents.map((e) => String(e.data.trackingId)))));

  // consumed: official-rating's inbox holds every closed event once, and made one invitation each
  const ratingInbox = await pg.query<{ event_id: string }>(
    database('official-rating'),
    `select event_id from inbox where consumer = 'official-rating-complaints'`,
  );
  const inboxIds = tally(ratingInbox.map((r) => r.event_id));
  const closedIdOf = new Map(closedEvents.map((e) => [String(e.data.trackingId), e.id]));
  const consumed = note(
    'report.closed consumed',
    check(
      closed.map((id) => closedIdOf.get(id) ?? `missing:${id}`),
      inboxIds,
    ),
  );
  const invitations = await pg.query<{ system: string; transaction_id: string }>(
    database('official-rating'),
    `select system, transaction_id from invitation`,
  );
  const invited = (system: string) =>
    tally(invitations.filter((i) => i.system === system).map((i) => i.transaction_id));
  note('invitations for closed reports', check(closed, invited('complaints')));
  // ... and complaints keeps exactly one link per closed report
  const kept = await pg.query<{ tracking_id: string }>(
    database('complaints'),
    `select r.tracking_id from rating_invitation i join report r on r.id = i.report_id`,
  );
  note('invitations kept by complaints', check(closed, tally(kept.map((k) => k.tracking_id))));

  // deadline jobs: every overdue application granted once, announced once, invited once, kept once
  const due = o.applications.filter((a) => a.due).map((a) => a.registrationNumber);
  const permits = await pg.query<{ registration_number: string }>(
    database('licensing'),
    `select a.registration_number from permit p join application a on a.id = p.application_id`,
  );
  const granted = note('permits deemed granted', check(due, tally(permits.map((p) => p.registration_number))));
  const decided = (await readStream(o.natsUrl, 'licensing')).filter(
    (e) => e.type === 'sinergi.licensing.application.decided.v1',
  );
  note('application.decided published', check(due, tally(decided.map((e) => String(e.data.registrationNumber)))));
  note('invitations for granted permits', check(due, invited('licensing')));
  const keptPermits = await pg.query<{ registration_number: string }>(
    database('licensing'),
    `select a.registration_number from rating_invitation i join application a on a.id = i.application_id`,
  );
  note('invitations kept by licensing', check(due, tally(keptPermits.map((k) => k.registration_number))));

  let backlog = 0;
  let deadLetters = 0;
  for (const s of SERVICES) {
    const [row] = await pg.query<{ outbox: string; dead: string }>(
      database(s),
      `select (select count(*) from outbox) as outbox, (select count(*) from dead_letter) as dead`,
    );
    backlog += Number(row!.outbox);
    deadLetters += Number(row!.dead);
  }
  const lost = stored.lost + published.lost + consumed.lost + granted.lost;
  return {
    accepted: accepted.length,
    stored: accepted.filter((t) => byMarker.get(t.marker) === 1).length,
    published: submittedEvents.length + closedEvents.length,
    consumed: ratingInbox.length,
    invitations: invitations.length,
    closed: closed.length,
    granted: permits.length,
    lost,
    duplicates: problems.filter((p) => p.includes('doubled') || p.includes('twice')).length,
    backlog,
    deadLetters,
    problems,
  };
}
