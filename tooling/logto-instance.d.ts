import type { SocialConnector } from '@logto/connector-kit';
import type { parseMetadata } from '@logto/cli/lib/connector/utils.js';

export declare const repository: string;

export declare const corePackageSets: Readonly<{
  minimal: readonly string[];
  withoutConnectorOauth: readonly string[];
  officialImage: readonly string[];
}>;

export type PackResult = {
  filename: string;
  /** Packed size in bytes. */
  size: number;
  unpackedSize: number;
  files: Array<{ path: string; size: number }>;
  /** Where the tarball is, renamed like `logto connector add` names it. */
  tarball: string;
};

export declare const packForLogto: (directory: string, destination: string) => PackResult;

export type LogtoInstance = {
  /** `<instance>/packages/core` */
  core: string;
  /** `<instance>/packages/core/connectors` */
  connectors: string;
  /** What Logto's `getConnectorPackagesFromDirectory` finds there. */
  packages: Array<{ name?: string; path: string }>;
};

export declare const createLogtoInstance: (options: {
  workspace: string;
  name: string;
  corePackages: readonly string[];
  tarballs: readonly string[];
}) => Promise<LogtoInstance>;

export type LoadResult =
  | {
      name: string;
      path: string;
      ok: true;
      metadata: Awaited<ReturnType<typeof parseMetadata>>;
      createConnector: (options: unknown) => Promise<SocialConnector>;
    }
  | { name: string; path: string; ok: false; error: string };

export declare const loadConnectorsLikeLogto: (
  packages: ReadonlyArray<{ name?: string; path: string }>
) => Promise<LoadResult[]>;
