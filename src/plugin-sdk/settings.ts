/** One setting a plugin takes on its channel (`settings` of createChannel / updateChannel). */
export interface SettingSpec {
  type: 'string' | 'url' | 'integer' | 'boolean';
  description: string;
  required?: boolean;
  /** Secrets (access tokens) are stored but never returned by the API nor logged. */
  secret?: boolean;
  default?: string | number | boolean;
  example?: string | number | boolean;
}

/** The settings a plugin takes, by name. */
export type SettingsSchema = Record<string, SettingSpec>;

export type SettingsCheck = { ok: true; settings: Record<string, unknown> } | { ok: false; field: string; message: string };

/**
 * Checks channel settings against a plugin's schema: unknown keys, missing required ones and
 * wrong types are refused; defaults fill what is absent.
 * @example checkSettings({ apiBaseUrl: { type: 'url', required: true, description: '…' } }, {}) // { ok: false, field: 'apiBaseUrl', … }
 */
export function checkSettings(schema: SettingsSchema, input: unknown): SettingsCheck {
  const given = input === null || input === undefined ? {} : input;
  if (typeof given !== 'object' || Array.isArray(given)) return { ok: false, field: '', message: 'settings must be a JSON object' };
  const values = given as Record<string, unknown>;
  for (const key of Object.keys(values)) {
    if (!schema[key]) {
      const known = Object.keys(schema);
      return { ok: false, field: key, message: `unknown setting "${key}"${known.length ? `; this plugin takes ${known.join(', ')}` : '; this plugin takes none'}` };
    }
  }
  const out: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(schema)) {
    const value = values[key];
    if (value === undefined || value === null || value === '') {
      if (spec.required) return { ok: false, field: key, message: `setting "${key}" is required: ${spec.description}` };
      if (spec.default !== undefined) out[key] = spec.default;
      continue;
    }
    const problem = typeProblem(spec, value);
    if (problem) return { ok: false, field: key, message: `setting "${key}" ${problem}` };
    out[key] = value;
  }
  return { ok: true, settings: out };
}

function typeProblem(spec: SettingSpec, value: unknown): string | null {
  switch (spec.type) {
    case 'string':
      return typeof value === 'string' ? null : 'must be a string';
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value) ? null : 'must be an integer';
    case 'boolean':
      return typeof value === 'boolean' ? null : 'must be true or false';
    case 'url':
      if (typeof value !== 'string') return 'must be a URL';
      try {
        const url = new URL(value);
        return url.protocol === 'http:' || url.protocol === 'https:' ? null : 'must be an http(s) URL';
      } catch {
        return 'must be a URL';
      }
  }
}

/** The settings with every secret replaced, for answers and logs. */
export function redactSettings(schema: SettingsSchema, settings: Record<string, unknown> | null): Record<string, unknown> | null {
  if (!settings) return settings;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(settings)) out[key] = schema[key]?.secret ? '[secret]' : value;
  return out;
}
