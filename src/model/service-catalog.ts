// Built-in service names and the defaults of gateway and relay roles. Data only.

import { nameTable } from '../core/name-table';
import { parsePortTerm, ServicePorts } from '../net/service';

/**
 * Well-known service names, each as port terms understood by `parsePortTerm`. Looked up with names users
 * write, so the table has no prototype: `toString` or `constructor` is no service.
 */
export const BUILTIN_SERVICES: Readonly<Record<string, readonly string[]>> = nameTable({
  any: ['any'],
  smtp: ['tcp/25'],
  submission: ['tcp/587'],
  smtps: ['tcp/465'],
  pop3: ['tcp/110'],
  pop3s: ['tcp/995'],
  imap: ['tcp/143'],
  imaps: ['tcp/993'],
  http: ['tcp/80'],
  https: ['tcp/443'],
  'http-alt': ['tcp/8080'],
  'http-proxy': ['tcp/3128', 'tcp/8080'],
  dns: ['udp/53', 'tcp/53'],
  ntp: ['udp/123'],
  ssh: ['tcp/22'],
  sftp: ['tcp/22'],
  telnet: ['tcp/23'],
  'r-commands': ['tcp/512-514'],
  ftp: ['tcp/20-21'],
  ftps: ['tcp/989-990'],
  tftp: ['udp/69'],
  rdp: ['tcp/3389', 'udp/3389'],
  ica: ['tcp/1494', 'tcp/2598'],
  blast: ['tcp/22443', 'udp/22443'],
  pcoip: ['tcp/4172', 'udp/4172'],
  vnc: ['tcp/5900'],
  smb: ['tcp/445', 'tcp/139'],
  netbios: ['udp/137-138', 'tcp/139'],
  nfs: ['tcp/2049', 'udp/2049'],
  ldap: ['tcp/389', 'udp/389'],
  ldaps: ['tcp/636'],
  kerberos: ['tcp/88', 'udp/88'],
  snmp: ['udp/161'],
  'snmp-trap': ['udp/162'],
  syslog: ['udp/514'],
  'syslog-tls': ['tcp/6514'],
  radius: ['udp/1812-1813'],
  mysql: ['tcp/3306'],
  postgresql: ['tcp/5432'],
  mssql: ['tcp/1433'],
  oracle: ['tcp/1521'],
  winrm: ['tcp/5985-5986'],
  ping: ['icmp/8', 'icmpv6/128'],
  icmp: ['icmp'],
  icmpv6: ['icmpv6'],
});

/** Mail protocols: what `unsanitized-mail` looks for. */
export const MAIL_SERVICES: readonly string[] = ['smtp', 'submission', 'smtps', 'pop3', 'pop3s', 'imap', 'imaps'];

export type HostRole = 'mail-sanitizer' | 'file-sanitizer' | 'screen-transfer' | 'proxy' | 'mail-relay' | 'public-server';
export const SANITIZING_ROLES: readonly HostRole[] = ['mail-sanitizer', 'file-sanitizer', 'screen-transfer'];

/** What a host of each role speaks when its `services` are not given. */
export const ROLE_DEFAULT_SERVICES: Readonly<Record<HostRole, readonly string[]>> = {
  'mail-sanitizer': ['smtp'],
  'file-sanitizer': ['https', 'smb', 'sftp'],
  'screen-transfer': ['rdp', 'ica', 'blast', 'pcoip', 'vnc', 'https'],
  proxy: ['http-proxy', 'http', 'https'],
  'mail-relay': ['smtp', 'submission'],
  'public-server': ['http', 'https'],
};

/** The ports of built-in service names (names only: no user objects). */
export function builtinServicePorts(names: readonly string[]): ServicePorts {
  // The catalogue is constant and the result immutable: each list of names is worked out once, then reused.
  const key = names.join(',');
  let ports = builtinPorts.get(key);
  if (!ports) {
    const terms = names.flatMap((name) =>
      (BUILTIN_SERVICES[name] ?? []).flatMap((term) => {
        const parsed = parsePortTerm(term);
        if ('error' in parsed) throw new Error(`internal: built-in service ${name}: ${parsed.error}`);
        return parsed;
      }),
    );
    builtinPorts.set(key, (ports = ServicePorts.fromTerms(terms)));
  }
  return ports;
}

const builtinPorts = new Map<string, ServicePorts>();
