import { badInput } from '../errors';

/**
 * Checks of the free-text values that go into list-* query strings. They are URL-encoded anyway;
 * these checks refuse what can only be a mistake or an attempt (control characters, parent
 * segments, whole URLs) with a clear BAD_USER_INPUT instead of a confusing upstream answer.
 */

// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL = /[\u0000-\u001f\u007f]/;

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
