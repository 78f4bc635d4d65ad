/**
 * The kit's transition() with complaints' ACTIONS over every action x status x actor, against the workflow as the issue and LAPOR!'s
 * SOP describe it (written out here, not derived from ACTIONS, so a change to the rules has to
 * change this table too).
 */
import { describe, expect, it } from 'vitest';
import { REPORT_STATUSES, type ReportStatus } from '@sinergi/contracts';
import { transition } from '@sinergi/service-kit';
import {
  ACTIONS,
  FINAL_STATUSES,
  OPEN_STATUSES,
  open311Status,
  REPORT,
  statusLabel,
  type Action,
  type ReportActorKind as Actor,
} from '../../src/reports/workflow.js';

const decide = (action: Action, state: ReportStatus, actor: Actor) =>
  transition(ACTIONS, { action, state, actor }, REPORT);

const ACTORS: Actor[] = ['admin', 'unit', 'reporter', 'system'];

const EXPECTED: Record<Action, { from: ReportStatus[]; to: ReportStatus; by: Actor[] }> = {
  // verification (admin): disposisi, tunda, bukan wewenang (forward or close), arsip
  dispose: { from: ['submitted', 'deferred'], to: 'disposed', by: ['admin'] },
  defer: { from: ['submitted'], to: 'deferred', by: ['admin'] },
  // bukan wewenang names where it went: another region or agency (the unit may say so too), or another unit of ours
  forward: { from: ['submitted', 'deferred', 'disposed', 'in-progress'], to: 'forwarded', by: ['admin', 'unit'] },
  'reject-not-authority': { from: ['submitted', 'deferred'], to: 'closed', by: ['admin'] },
  'hand-over': { from: ['submitted', 'deferred', 'disposed', 'in-progress'], to: 'disposed', by: ['admin', 'unit'] },
  archive: { from: ['submitted', 'deferred'], to: 'archived', by: ['admin'] },
  // the reporter answers a deferred report's question: back to the queue
  'provide-information': { from: ['deferred'], to: 'submitted', by: ['reporter'] },
  // the unit (or an admin for it)
  respond: { from: ['disposed'], to: 'in-progress', by: ['unit', 'admin'] },
  'follow-up': { from: ['disposed', 'in-progress'], to: 'followed-up', by: ['unit', 'admin'] },
  // the reporter's answer to a follow-up, or the clock
  accept: { from: ['followed-up'], to: 'closed', by: ['reporter'] },
  dispute: { from: ['followed-up'], to: 'in-progress', by: ['reporter'] },
  'auto-close': { from: ['followed-up'], to: 'closed', by: ['system'] },
  // an admin moves a report that is still being worked on
  redispose: { from: ['disposed', 'in-progress'], to: 'disposed', by: ['admin'] },
  // duplicates
  link: { from: ['submitted'], to: 'supporting', by: ['system'] },
  unlink: { from: ['supporting'], to: 'submitted', by: ['admin'] },
};
const ALL_ACTIONS = Object.keys(EXPECTED) as Action[];

describe('transition() over ACTIONS', () => {
  it('knows exactly the actions of the workflow', () => {
    expect(Object.keys(ACTIONS).sort()).toEqual([...ALL_ACTIONS].sort());
  });

  describe.each(ALL_ACTIONS)('%s', (action) => {
    const rule = EXPECTED[action];

    it(`over every status and actor: allowed only ${rule.by.join('/')} from ${rule.from.join('/')}, to ${rule.to}`, () => {
      let allowed = 0;
      for (const status of REPORT_STATUSES) {
        for (const actor of ACTORS) {
          const d = decide(action, status, actor);
          const label = `${actor} ${action} on ${status}`;
          if (!rule.by.includes(actor)) {
            // the actor is checked first: a wrong actor never learns whether the state would fit
            expect(d, label).toEqual({
              allowed: false,
              reason: 'actor_not_allowed',
              from: status,
              detail: `Only ${rule.by.join(' or ')} may ${action} a report.`,
            });
          } else if (!rule.from.includes(status)) {
            expect(d, label).toEqual({
              allowed: false,
              reason: 'state_not_allowed',
              from: status,
              detail: `The action "${action}" is not possible on a report that is ${status}; it needs ${rule.from.join(' or ')}.`,
            });
          } else {
            expect(d, label).toEqual({ allowed: true, from: status, to: rule.to });
            allowed += 1;
          }
        }
      }
      expect(allowed).toBe(rule.from.length * rule.by.length);
    });
  });

  it('lets nothing happen to a final report', () => {
    for (const status of FINAL_STATUSES) {
      for (const action of ALL_ACTIONS)
        for (const actor of ACTORS)
          expect(decide(action, status, actor).allowed, `${actor} ${action} on ${status}`).toBe(false);
    }
  });

  it('lets a supporting report only be unlinked, by an admin', () => {
    const possible = ALL_ACTIONS.flatMap((action) =>
      ACTORS.filter((actor) => decide(action, 'supporting', actor).allowed).map((actor) => `${actor}:${action}`),
    );
    expect(possible).toEqual(['admin:unlink']);
  });

  it('gives the reporter only their reply, accept and dispute; the system only linking and closing', () => {
    const by = (actor: Actor) =>
      ALL_ACTIONS.filter((a) => REPORT_STATUSES.some((s) => decide(a, s, actor).allowed)).sort();
    expect(by('reporter')).toEqual(['accept', 'dispute', 'provide-information']);
    expect(by('system')).toEqual(['auto-close', 'link']);
    // unit staff may also say a report is not their authority, naming where it goes (no wrong door)
    expect(by('unit')).toEqual(['follow-up', 'forward', 'hand-over', 'respond']);
  });

  it('reaches every status from submitted, and a closed report from every open one', () => {
    const next = (s: ReportStatus, actor?: Actor) =>
      ALL_ACTIONS.flatMap((a) => (actor ? [actor] : ACTORS).map((who) => decide(a, s, who))).flatMap((d) =>
        d.allowed ? [d.to] : [],
      );
    const reachable = (start: ReportStatus) => {
      const seen = new Set<ReportStatus>([start]);
      const todo = [start];
      for (let s = todo.pop(); s; s = todo.pop()) {
        for (const t of next(s)) {
          if (!seen.has(t)) {
            seen.add(t);
            todo.push(t);
          }
        }
      }
      return seen;
    };
    expect([...reachable('submitted')].sort()).toEqual([...REPORT_STATUSES].sort());
    for (const start of OPEN_STATUSES) expect(reachable(start).has('closed'), start).toBe(true);
  });

  it('the dispute loop: followed-up -> in-progress -> followed-up, as often as the reporter disputes', () => {
    let status: ReportStatus = 'followed-up';
    for (let i = 0; i < 3; i++) {
      const d = decide('dispute', status, 'reporter');
      expect(d).toEqual({ allowed: true, from: 'followed-up', to: 'in-progress' });
      status = 'in-progress';
      const f = decide('follow-up', status, 'unit');
      expect(f).toEqual({ allowed: true, from: 'in-progress', to: 'followed-up' });
      status = 'followed-up';
    }
    expect(decide('accept', status, 'reporter')).toEqual({ allowed: true, from: 'followed-up', to: 'closed' });
  });
});

describe('status groups and labels', () => {
  it('splits every status into open, final or supporting, with no overlap', () => {
    const groups = [...OPEN_STATUSES, ...FINAL_STATUSES, 'supporting'];
    expect([...groups].sort()).toEqual([...REPORT_STATUSES].sort());
    expect(new Set(groups).size).toBe(groups.length);
    expect([...FINAL_STATUSES].sort()).toEqual(['archived', 'closed', 'forwarded']);
  });

  it('maps to Open311’s open and closed', () => {
    for (const s of REPORT_STATUSES) expect(open311Status(s), s).toBe(FINAL_STATUSES.includes(s) ? 'closed' : 'open');
    expect(open311Status('followed-up')).toBe('open');
    expect(open311Status('supporting')).toBe('open');
  });

  it('uses the labels LAPOR! statistics pages show', () => {
    expect(statusLabel('submitted')).toBe('Belum terverifikasi');
    expect(statusLabel('disposed')).toBe('Terdisposisi, belum ditindaklanjuti');
    expect(statusLabel('in-progress')).toBe('Sedang diproses');
    expect(statusLabel('closed')).toBe('Selesai');
    expect(statusLabel('deferred')).toBe('Tertunda');
    expect(statusLabel('archived')).toBe('Arsip');
    for (const s of REPORT_STATUSES) expect(statusLabel(s), s).toMatch(/\S/);
  });
});
