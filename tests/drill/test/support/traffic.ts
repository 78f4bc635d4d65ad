/**
 * Traffic that flows through the services the whole time, as citizens and staff would send it,
 * bounded (two workers, loopback only): reports submitted with an Idempotency-Key and retried
 * with the same key until answered; every other report driven to closure (dispose, follow-up,
 * the reporter accepts), which official-rating turns into an invitation that complaints keeps.
 * Each request carries a marker so the audit can find what it stored. Every attempt is logged
 * with its time, so the drill can say how long the system did not answer.
 */
import { randomUUID } from 'node:crypto';
import { bearer, mintToken } from '@sinergi/testkit';
import type { Fleet } from './fleet.js';

export interface Ticket {
  marker: string;
  phase: string;
  key: string;
  accepted: boolean;
  trackingId?: string;
  secret?: string;
  /** Driven to closure (dispose, follow-up, accept) after it is accepted. */
  close: boolean;
  closed: boolean;
}

export interface Attempt {
  at: number;
  ok: boolean;
}

const json = { 'content-type': 'application/json' };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** A client gives up on one request after this long; what it gave up on is not "accepted". */
const GIVE_UP_MS = 120_000;

export class Traffic {
  readonly tickets: Ticket[] = [];
  readonly attempts: Attempt[] = [];
  phase = 'warm-up';
  #running = false;
  #workers: Promise<void>[] = [];
  #admin = '';

  constructor(private readonly fleet: Fleet) {}

  async start(workers = 2): Promise<void> {
    this.#admin = await mintToken({ tenant: '32.73', roles: ['admin'], sub: 'drill-admin' });
    this.#running = true;
    for (let w = 0; w < workers; w++) this.#workers.push(this.#work());
  }

  /** Lets every worker finish the request chain it is in, then stops; `start` resumes. */
  async pause(): Promise<void> {
    this.#running = false;
    await Promise.all(this.#workers);
    this.#workers = [];
  }

  /** One request, retried like a client would (same body, same key) until a 2xx or the client gives up. */
  async #send(
    path: string,
    init: { method: string; headers: Record<string, string>; body?: string },
    done: (status: number) => boolean = (s) => s >= 200 && s < 300,
  ): Promise<{ status: number; body: unknown } | undefined> {
    const until = Date.now() + GIVE_UP_MS;
    while (Date.now() < until) {
      const at = Date.now();
      try {
        const res = await fetch(`${this.fleet.url('complaints')}${path}`, {
          ...init,
          signal: AbortSignal.timeout(10_000),
        });
        const body = (await res.json().catch(() => undefined)) as unknown;
        this.attempts.push({ at, ok: res.status < 500 });
        if (done(res.status)) return { status: res.status, body };
        if (res.status < 500 && res.status !== 409 && res.status !== 429) return { status: res.status, body };
      } catch {
        this.attempts.push({ at, ok: false });
      }
      await sleep(250);
    }
    return undefined;
  }

  async #work(): Promise<void> {
    while (this.#running) {
      const n = this.tickets.length + 1;
      const ticket: Ticket = {
        marker: `DRILL-${String(n).padStart(5, '0')}`,
        phase: this.phase,
        key: randomUUID(),
        accepted: false,
        close: n % 2 === 0,
        closed: false,
      };
      this.tickets.push(ticket);
      const answer = await this.#send('/v1/reports', {
        method: 'POST',
        headers: { ...json, 'idempotency-key': ticket.key },
        body: JSON.stringify({
          type: 'pengaduan',
          category: 'jalan-rusak',
          title: `Jalan berlubang nomor ${n}`,
          description: `Lubang besar di depan rumah, membahayakan pengendara motor. Penanda ${ticket.marker}.`,
          location: { lat: -6.88 - (n % 500) / 10_000, lon: 107.61 + (n % 700) / 10_000 },
          anonim: true,
        }),
      });
      if (answer?.status !== 201) continue;
      const created = answer.body as { trackingId: string; secret: string };
      Object.assign(ticket, { accepted: true, trackingId: created.trackingId, secret: created.secret });
      if (ticket.close) ticket.closed = await this.#close(ticket);
    }
  }

  /**
   * Dispose, follow up, accept: each step chosen from the report's current status, so an answer
   * lost to a fault (the step committed, the client saw an error) is not taken twice.
   */
  async #close(t: Ticket): Promise<boolean> {
    const admin = { ...json, ...bearer(this.#admin) };
    const until = Date.now() + GIVE_UP_MS;
    while (Date.now() < until) {
      const view = await this.#send(`/v1/staff/reports/${t.trackingId}`, { method: 'GET', headers: admin });
      const status = (view?.body as { status?: string } | undefined)?.status;
      if (status === 'closed') return true;
      const step: [string, Record<string, string>, object] | undefined =
        status === 'submitted'
          ? [`/v1/staff/reports/${t.trackingId}/dispose`, admin, {}]
          : status === 'disposed' || status === 'in-progress'
            ? [
                `/v1/staff/reports/${t.trackingId}/follow-up`,
                admin,
                { resolution: 'Lubang jalan sudah ditambal oleh tim pemeliharaan jalan.' },
              ]
            : status === 'followed-up'
              ? [`/v1/reports/${t.trackingId}/accept`, { ...json, 'x-report-secret': t.secret! }, {}]
              : undefined;
      if (!step) {
        await sleep(250);
        continue;
      }
      await this.#send(step[0], { method: 'POST', headers: step[1], body: JSON.stringify(step[2]) }, (s) => s < 500);
    }
    return false;
  }

  /** The longest time between `from` and `to` in which no attempt got an answer below 500. */
  longestSilence(from: number, to: number): number {
    let last = from;
    let longest = 0;
    for (const a of this.attempts) {
      if (a.at < from || a.at > to || !a.ok) continue;
      longest = Math.max(longest, a.at - last);
      last = a.at;
    }
    return Math.max(longest, to - last);
  }

  /** Milliseconds from `since` to the first attempt answered below 500 at or after it. */
  answeredAgainAfter(since: number): number | undefined {
    const first = this.attempts.find((a) => a.at >= since && a.ok);
    return first ? first.at - since : undefined;
  }

  failedAttempts(from: number, to: number): number {
    return this.attempts.filter((a) => a.at >= from && a.at <= to && !a.ok).length;
  }
}
