import { badInput } from '../errors';

/**
 * The one place where client values bound for Cloud Sync are checked: ids (in paths and headers)
 * and the free-text values of list-* query strings. Those are URL-encoded anyway; these checks
 * refuse what can only be a mistake or an attempt (control characters, parent segments, whole
 * URLs) with a clear BAD_USER_INPUT before any upstream call, instead of a confusing upstream answer.
 */

/**
 * Control characters: C0 (U+0000–U+001F), DEL (U+007F) and C1 (U+0080–U+009F, e.g. U+0085 NEXT
 * LINE, U+009B CSI), the line and paragraph separators (U+2028, U+2029), and lone surrogates
 * (which URL encoding would silently turn into U+FFFD).
 */
const CONTROL = /[\p{Cc}\u2028\u2029\p{Cs}]/u;

const SAFE_ID = /^[A-Za-z0-9_-]{1,100}$/;

/** Ids travel in paths and headers: anything but plain id characters is refused, not encoded. */
export function checkId(kind: string, value: string): string {
  if (!SAFE_ID.test(value)) throw badInput(`${kind} is not a valid id`);
  return value;
}

/** Whether checkId takes this value. */
export function isId(value: unknown): value is string {
  return typeof value === 'string' && SAFE_ID.test(value);
}

export function checkHost(host: string): string {
  if (!/^[A-Za-z0-9._:[\]-]{1,253}$/.test(host)) {
    throw badInput('host must be a host name or an IP address');
  }
  return host;
}

function checkPathLike(name: string, value: string, absolute: boolean): string {
  if (value.length === 0 || value.length > 1024 || CONTROL.test(value)) {
    throw badInput(`${name} must be a path of 1 to 1024 printable characters`);
  }
  if (/^[A-Za-z][A-Za-z0-9+.-]*:/.test(value) || value.includes('\\') || value.includes('%')) {
    throw badInput(`${name} must be a plain path, not a URL or an encoded string`);
  }
  if (value.split('/').some((segment) => segment === '..' || segment === '.')) {
    throw badInput(`${name} must not contain "." or ".." segments`);
  }
  if (!absolute && value.startsWith('/')) throw badInput(`${name} must be relative to the export`);
  return value;
}

export const checkExportName = (value: string): string => checkPathLike('exportName', value, true);

export const checkFolderPath = (value: string): string => checkPathLike('path', value, false);

const NFS_VERSIONS = new Set(['3', '4.0', '4.1', '4.2']);

export function checkNfsVersion(value: string): string {
  if (!NFS_VERSIONS.has(value)) throw badInput('version must be one of 3, 4.0, 4.1, 4.2');
  return value;
}

/** A credential or token sent to the token service: present, and of a plausible size. */
export function checkRequired(name: string, value: string): string {
  if (value.length === 0 || value.length > 4096) throw badInput(`${name} must not be empty`);
  return value;
}

/** A data broker's name, trimmed: 1 to 200 characters. */
export function checkBrokerName(value: string): string {
  const name = value.trim();
  if (!name || name.length > 200) throw badInput('name must have 1 to 200 characters');
  return name;
}

/** A listing's wait when none is asked for, in seconds. */
export const DEFAULT_LISTING_TIMEOUT_SECONDS = 30;

/**
 * A listing's `timeoutSeconds`: 1 to `contractMax` (the contract), then shortened to the
 * configured longest listing timeout. Returns milliseconds.
 */
export function checkListingTimeout(
  seconds: number | null | undefined,
  contractMax: number,
  configuredMax: number,
): number {
  const value = seconds ?? DEFAULT_LISTING_TIMEOUT_SECONDS;
  if (!Number.isInteger(value) || value < 1 || value > contractMax) {
    throw badInput(`timeoutSeconds must be from 1 to ${contractMax}`);
  }
  return Math.min(value, configuredMax) * 1000;
}
