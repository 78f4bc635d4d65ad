/**
 * A workflow as data: which action moves an object from which states to which, and which actors
 * may take it. `transition` answers whether an action is allowed, purely (no I/O, no clock), and
 * `refusalProblem` turns a refusal into the one problem+json every service answers with.
 *
 * Named "transition", not "decide": a triage outcome (social-intake) is a different thing.
 */
import { sharedProblems } from '../problems/kit.js';
import type { CataloguedProblem } from '../problems/catalogue.js';

export interface TransitionRule<State extends string, Actor extends string> {
  from: readonly State[];
  to: State;
  by: readonly Actor[];
}

export type WorkflowTable<State extends string, Actor extends string> = Record<string, TransitionRule<State, Actor>>;

export interface DescribeOptions<Actor extends string> {
  /** The object with its article, as a sentence needs it: `a report`, `an application`. */
  object: string;
  /** How the actors allowed appear in a refusal; `admin or unit` by default. */
  actors?: (by: readonly Actor[]) => string;
}

export type TransitionResult<State extends string> =
  | { allowed: true; from: State; to: State }
  | { allowed: false; reason: 'actor_not_allowed' | 'state_not_allowed'; from: State; detail: string };

export interface TransitionRequest<Table, State extends string, Actor extends string> {
  action: keyof Table & string;
  state: State;
  actor: Actor;
}

/**
 * Whether `actor` may take `action` on an object in `state`. The actor is checked first, so a
 * caller who may never take the action learns nothing about the object's state.
 */
export function transition<State extends string, Actor extends string, Table extends WorkflowTable<State, Actor>>(
  table: Table,
  request: TransitionRequest<Table, State, Actor>,
  describe: DescribeOptions<Actor>,
): TransitionResult<State> {
  const { action, state, actor } = request;
  const rule = table[action];
  if (!rule) throw new Error(`workflow has no action ${JSON.stringify(action)}`);
  if (!rule.by.includes(actor)) {
    const who = (describe.actors ?? ((by) => by.join(' or ')))(rule.by);
    return {
      allowed: false,
      reason: 'actor_not_allowed',
      from: state,
      detail: `Only ${who} may ${action} ${describe.object}.`,
    };
  }
  if (!rule.from.includes(state)) {
    return {
      allowed: false,
      reason: 'state_not_allowed',
      from: state,
      detail: `The action "${action}" is not possible on ${describe.object} that is ${state}; it needs ${rule.from.join(' or ')}.`,
    };
  }
  return { allowed: true, from: state, to: rule.to };
}

/**
 * The problem for a refused transition: 403 `forbidden_action` when the actor may never take it,
 * 409 `invalid_transition` with `currentStatus` when the state does not allow it (`currentStatus`,
 * not `status`: a problem's `status` is its HTTP status).
 */
export function refusalProblem<State extends string>(
  refusal: Extract<TransitionResult<State>, { allowed: false }>,
): CataloguedProblem<'forbidden_action'> | CataloguedProblem<'invalid_transition'> {
  return refusal.reason === 'actor_not_allowed'
    ? sharedProblems.forbidden_action(refusal.detail)
    : sharedProblems.invalid_transition(refusal.detail, { extensions: { currentStatus: refusal.from } });
}

/** The target state, or throws the refusal's problem: the common case in a use case. */
export function transitionOrThrow<
  State extends string,
  Actor extends string,
  Table extends WorkflowTable<State, Actor>,
>(table: Table, request: TransitionRequest<Table, State, Actor>, describe: DescribeOptions<Actor>): State {
  const result = transition(table, request, describe);
  if (!result.allowed) throw refusalProblem(result);
  return result.to;
}
