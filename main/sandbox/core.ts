// The state one running sandbox holds, and the shape every service handler has. Handlers are
// synchronous on purpose: a request's checks and its ledger change happen with no await between
// them, so concurrent requests cannot race each other.

import type { ProviderName, ProviderRules } from '../snap/provider-presets';
import type { TestCustomer } from './customers';
import type { ExternalIdRegistry } from './external-ids';
import type { FaultScript } from './faults';
import type { Ledger } from './ledger';
import type { NotifySender } from './notify';
import type { Partner, PartnerRegistry } from './partners';
import type { QrIssuer } from './qr';
import type { TokenStore } from './tokens';

export interface SandboxCore {
  /** The provider this sandbox plays, and the rules it holds every request to. */
  variant: ProviderName;
  rules: ProviderRules;
  clock: () => Date;
  /** The request log (one line each; never bodies, tokens or QR contents). */
  log: (line: string) => void;
  partners: PartnerRegistry;
  tokens: TokenStore;
  externalIds: ExternalIdRegistry;
  ledger: Ledger;
  qrs: QrIssuer;
  customers: readonly TestCustomer[];
  faults: FaultScript;
  /** Faults that act once (a first send refused, a first cancel raced) and have been played. */
  playedFaults: Set<string>;
  notifier: NotifySender;
}

export interface ServiceRequest {
  partner: Partner;
  /** X-EXTERNAL-ID of this request. */
  externalId: string;
  /** The parsed JSON body, not yet validated. */
  body: unknown;
  now: Date;
}

export interface ServiceAnswer {
  kind: 'answer';
  status: number;
  caseCode: string;
  message: string;
  fields: Record<string, unknown>;
  /** Answer this late (the "answered after the client's timeout" fault). */
  delayMs?: number;
}

export type ServiceOutcome =
  | ServiceAnswer
  /** A deliberately broken body (fault injection). */
  | { kind: 'malformed'; status: number; text: string }
  /** Destroy the connection without answering (fault injection). */
  | { kind: 'drop' };

export type ServiceHandler = (core: SandboxCore, request: ServiceRequest) => ServiceOutcome;

export function ok(fields: Record<string, unknown>, status = 200): ServiceAnswer {
  return {
    kind: 'answer',
    status,
    caseCode: '00',
    message: status === 202 ? 'Request In Progress' : 'Successful',
    fields,
  };
}
