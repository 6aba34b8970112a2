/** What a measuring process measures side by side, and what it reports for each. */
import type { Counts } from './options.js';
import type { StandInReady } from './stand-in-provider.js';

export const contenderNames = ['floor', 'official', 'ours'] as const;
export type ContenderName = (typeof contenderNames)[number];

export type WorkerTask = {
  /** Load order, which is also the order of the first round. */
  order: ContenderName[];
  /** Installed package folders of the two connectors. */
  connectorPaths: Record<Exclude<ContenderName, 'floor'>, string>;
  standIn: StandInReady;
  scope: string;
  counts: Counts;
  /** Whether this process also measures heap growth over `counts.heapSignIns` sign-ins. */
  measureHeap: boolean;
};

export type ContenderResult = {
  cpuMicrosPerSignIn: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  /** Share of sequential sign-ins during which a GC pause started or was running. */
  gcHitShare: number;
  signInsPerSecond: number;
  heapGrowthBytes?: number;
};

export type WorkerResult = {
  contenders: Record<ContenderName, ContenderResult>;
  signIns: number;
};
