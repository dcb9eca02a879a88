import type { Settings, SettingsPatch } from '../../../src-main/api/contract';

/**
 * Every field of the settings schema (src-main/settings/settings-schema.ts), as the form shows
 * it. The limits mirror the schema's; the renderer may import only the contract's types, so
 * they are repeated here, and the e2e suite checks them against the schema. The engine
 * validates every value anyway: its messages are what the form shows.
 */
export type SettingKey =
  | 'nodeName'
  | 'logLevel'
  | 'theme'
  | 'gridColumns'
  | 'maxConcurrentStarts'
  | 'stallTimeoutSeconds'
  | 'stopGraceSeconds'
  | 'maxTotalGb'
  | 'rtmpEnabled'
  | 'rtmpHost'
  | 'rtmpPort'
  | 'rtmpTlsEnabled'
  | 'rtmpTlsPort'
  | 'rtmpTlsCertPath'
  | 'rtmpTlsKeyPath';

export type SettingsSection = 'General' | 'Interface' | 'Media processes' | 'Recordings' | 'RTMP server';

interface FieldBase {
  key: SettingKey;
  /** The field's path as the engine names it in messages, e.g. `media.stallTimeoutSeconds`. */
  path: string;
  section: SettingsSection;
  label: string;
  help: string;
}

export interface TextField extends FieldBase {
  kind: 'text';
  maxLength: number;
  read(settings: Settings): string;
  patch(value: string): SettingsPatch;
}

export interface NumberField extends FieldBase {
  kind: 'number';
  min: number;
  max: number;
  unit?: string;
  read(settings: Settings): number;
  patch(value: number): SettingsPatch;
}

export interface ChoiceField extends FieldBase {
  kind: 'choice';
  display: 'select' | 'segmented';
  options: readonly { value: string; label: string }[];
  read(settings: Settings): string;
  /** Null when the value is not one of the options. */
  patch(value: string): SettingsPatch | null;
}

/** A checkbox; its draft text is `true` or `false`. */
export interface BooleanField extends FieldBase {
  kind: 'boolean';
  read(settings: Settings): boolean;
  patch(value: boolean): SettingsPatch;
}

export type SettingField = TextField | NumberField | ChoiceField | BooleanField;

function choice<V extends string>(
  field: Omit<ChoiceField, 'kind' | 'options' | 'read' | 'patch'> & {
    options: readonly { value: V; label: string }[];
    read(settings: Settings): V;
    patch(value: V): SettingsPatch;
  },
): ChoiceField {
  const isOption = (value: string): value is V => field.options.some((option) => option.value === value);
  return { ...field, kind: 'choice', patch: (value) => (isOption(value) ? field.patch(value) : null) };
}

export const SETTINGS_FIELDS: readonly SettingField[] = [
  {
    kind: 'text',
    key: 'nodeName',
    path: 'nodeName',
    section: 'General',
    label: 'Node name',
    help: 'How this station is named to operators and to other nodes.',
    maxLength: 64,
    read: (s) => s.nodeName,
    patch: (nodeName) => ({ nodeName }),
  },
  choice<Settings['logLevel']>({
    key: 'logLevel',
    path: 'logLevel',
    section: 'General',
    label: 'Log level',
    help: 'How much detail the engine writes to its log.',
    display: 'select',
    options: [
      { value: 'debug', label: 'Debug' },
      { value: 'info', label: 'Info' },
      { value: 'warn', label: 'Warning' },
      { value: 'error', label: 'Error' },
    ],
    read: (s) => s.logLevel,
    patch: (logLevel) => ({ logLevel }),
  }),
  choice<Settings['ui']['theme']>({
    key: 'theme',
    path: 'ui.theme',
    section: 'Interface',
    label: 'Theme',
    help: 'Applies to every window and browser showing this engine.',
    display: 'segmented',
    options: [
      { value: 'dark', label: 'Dark' },
      { value: 'light', label: 'Light' },
    ],
    read: (s) => s.ui.theme,
    patch: (theme) => ({ ui: { theme } }),
  }),
  {
    kind: 'number',
    key: 'gridColumns',
    path: 'ui.gridColumns',
    section: 'Interface',
    label: 'Camera grid columns',
    help: 'Tiles per row on the Cameras page.',
    min: 1,
    max: 6,
    read: (s) => s.ui.gridColumns,
    patch: (gridColumns) => ({ ui: { gridColumns } }),
  },
  {
    kind: 'number',
    key: 'maxConcurrentStarts',
    path: 'media.maxConcurrentStarts',
    section: 'Media processes',
    label: 'Concurrent FFmpeg starts',
    help: 'FFmpeg processes started at the same time; the others wait their turn.',
    min: 1,
    max: 16,
    read: (s) => s.media.maxConcurrentStarts,
    patch: (maxConcurrentStarts) => ({ media: { maxConcurrentStarts } }),
  },
  {
    kind: 'number',
    key: 'stallTimeoutSeconds',
    path: 'media.stallTimeoutSeconds',
    section: 'Media processes',
    label: 'Stall timeout',
    help: 'A process that produces no frames for this long is treated as hung and restarted.',
    min: 2,
    max: 120,
    unit: 's',
    read: (s) => s.media.stallTimeoutSeconds,
    patch: (stallTimeoutSeconds) => ({ media: { stallTimeoutSeconds } }),
  },
  {
    kind: 'number',
    key: 'stopGraceSeconds',
    path: 'media.stopGraceSeconds',
    section: 'Media processes',
    label: 'Stop grace period',
    help: 'Time a process gets to exit after SIGTERM before it is killed.',
    min: 1,
    max: 30,
    unit: 's',
    read: (s) => s.media.stopGraceSeconds,
    patch: (stopGraceSeconds) => ({ media: { stopGraceSeconds } }),
  },
  {
    kind: 'number',
    key: 'maxTotalGb',
    path: 'recordings.maxTotalGb',
    section: 'Recordings',
    label: 'Total recordings limit (GB)',
    help: "Every camera's recordings together; beyond this the oldest are deleted first. Each camera's own limits apply too.",
    min: 1,
    max: 100_000,
    read: (s) => s.recordings.maxTotalGb,
    patch: (maxTotalGb) => ({ recordings: { maxTotalGb } }),
  },
  {
    kind: 'boolean',
    key: 'rtmpEnabled',
    path: 'rtmp.enabled',
    section: 'RTMP server',
    label: 'Accept RTMP publishers',
    help: 'The embedded RTMP server that OBS and other encoders publish to.',
    read: (s) => s.rtmp.enabled,
    patch: (enabled) => ({ rtmp: { enabled } }),
  },
  {
    kind: 'text',
    key: 'rtmpHost',
    path: 'rtmp.host',
    section: 'RTMP server',
    label: 'Listen address',
    help: '127.0.0.1 accepts publishers from this machine only; 0.0.0.0 from the network.',
    maxLength: 253,
    read: (s) => s.rtmp.host,
    patch: (host) => ({ rtmp: { host } }),
  },
  {
    kind: 'number',
    key: 'rtmpPort',
    path: 'rtmp.port',
    section: 'RTMP server',
    label: 'Port',
    help: 'RTMP listens here (1935 is the usual one); 0 picks a free port.',
    min: 0,
    max: 65535,
    read: (s) => s.rtmp.port,
    patch: (port) => ({ rtmp: { port } }),
  },
  {
    kind: 'boolean',
    key: 'rtmpTlsEnabled',
    path: 'rtmp.tls.enabled',
    section: 'RTMP server',
    label: 'RTMPS (TLS)',
    help: 'A second, encrypted listener on its own port; needs the certificate and key below.',
    read: (s) => s.rtmp.tls.enabled,
    patch: (enabled) => ({ rtmp: { tls: { enabled } } }),
  },
  {
    kind: 'number',
    key: 'rtmpTlsPort',
    path: 'rtmp.tls.port',
    section: 'RTMP server',
    label: 'RTMPS port',
    help: 'RTMPS listens here (1936 by default; 443 is common behind firewalls).',
    min: 0,
    max: 65535,
    read: (s) => s.rtmp.tls.port,
    patch: (port) => ({ rtmp: { tls: { port } } }),
  },
  {
    kind: 'text',
    key: 'rtmpTlsCertPath',
    path: 'rtmp.tls.certPath',
    section: 'RTMP server',
    label: 'Certificate file',
    help: 'PEM certificate (with its chain) on the engine machine, e.g. /etc/ssl/rtmp/fullchain.pem.',
    maxLength: 4096,
    read: (s) => s.rtmp.tls.certPath,
    patch: (certPath) => ({ rtmp: { tls: { certPath } } }),
  },
  {
    kind: 'text',
    key: 'rtmpTlsKeyPath',
    path: 'rtmp.tls.keyPath',
    section: 'RTMP server',
    label: 'Private key file',
    help: "PEM private key of that certificate; read when the listener starts, a bad one shows as the RTMPS error on the RTMP page.",
    maxLength: 4096,
    read: (s) => s.rtmp.tls.keyPath,
    patch: (keyPath) => ({ rtmp: { tls: { keyPath } } }),
  },
];

export const SETTINGS_SECTIONS: readonly SettingsSection[] = ['General', 'Interface', 'Media processes', 'Recordings', 'RTMP server'];
