/**
 * Fuzz inputs generated from the OpenAPI document: for each operation, fast-check arbitraries that produce
 * schema-shaped requests and then break them (wrong types, boundary numbers, oversized and unicode strings,
 * injection-shaped text, missing and unknown fields, malformed path ids), plus a checker for the answer.
 */
import { createHash } from 'node:crypto';
import fc from 'fast-check';

export type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: boolean | number;
  exclusiveMaximum?: boolean | number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  nullable?: boolean;
  minItems?: number;
  maxItems?: number;
  additionalProperties?: unknown;
};

type Parameter = { in: 'path' | 'query' | 'header'; name: string; required?: boolean; schema?: JsonSchema };

export type Operation = {
  method: string;
  /** OpenAPI path, with {name} placeholders */
  path: string;
  pathParams: Parameter[];
  queryParams: Parameter[];
  body: JsonSchema | null;
  /** the body is a file (xlsx/csv) or a signed raw payload rather than JSON */
  rawBody: boolean;
};

export type FuzzRequest = {
  method: string;
  url: string;
  payload?: string | Buffer;
  headers: Record<string, string>;
  /** what the generator did, for the failure report */
  note: string;
};

export function operationsOf(doc: { paths: Record<string, Record<string, Record<string, unknown>>> }): Operation[] {
  const ops: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, raw] of Object.entries(item)) {
      const op = raw as { parameters?: Parameter[]; requestBody?: { content?: Record<string, { schema?: JsonSchema }> } };
      const params = op.parameters ?? [];
      const json = op.requestBody?.content?.['application/json']?.schema ?? null;
      ops.push({
        method: method.toUpperCase(),
        path,
        pathParams: params.filter((p) => p.in === 'path'),
        queryParams: params.filter((p) => p.in === 'query'),
        body: json,
        rawBody: !op.requestBody && ['POST', 'PUT', 'PATCH'].includes(method.toUpperCase()),
      });
    }
  }
  return ops;
}

/** A stable seed per operation, so adding an endpoint does not change what the others are sent. */
export function seedFor(base: number, key: string): number {
  return base ^ createHash('sha256').update(key).digest().readInt32LE(0);
}

// ---------------------------------------------------------------------------------------------------------
// hostile values

const BIG = 'x'.repeat(70_000);
export const INJECTION_STRINGS = [
  "' OR '1'='1",
  "1; DROP TABLE cases; --",
  "'); DELETE FROM audit_log; --",
  '" OR ""="',
  '\\',
  "'",
  '%',
  '_',
  '%_%',
  '$1',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '{{7*7}}',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template-injection probe, sent as plain text
  '${7*7}',
  '../../../../etc/passwd',
  '..\\..\\windows\\win.ini',
  '%00',
  '\u0000',
  'a\u0000b',
  '\uD800',
  '\uFEFF',
  '\u202E反转',
  '𠀀𠀁𝕏👨‍👩‍👧‍👦',
  'é'.normalize('NFD').repeat(50),
  '网格员综治中心'.repeat(40),
  ' ',
  '',
  '\n\r\t',
  'null',
  'undefined',
  'NaN',
  '-1',
  '0',
  '1e309',
  '0x7fffffff',
  '2026-02-30',
  '2026-13-01',
  '0000-00-00',
  '9999-12-31',
  '+275760-09-13T00:00:00.000Z',
  '1970-01-01T00:00:00Z',
  '2026-01-01T25:61:61Z',
  '620523101001001001',
  '150981109',
  '11010519491231002X',
  '13800138000',
  'x'.repeat(300),
  'x'.repeat(5001),
];

const BOUNDARY_NUMBERS = [
  0,
  -0,
  -1,
  1,
  0.5,
  -1.5,
  32767,
  32768,
  2147483647,
  2147483648,
  -2147483648,
  -2147483649,
  4294967296,
  9007199254740991,
  9007199254740992,
  -9007199254740991,
  1e15,
  1e21,
  1e308,
  -1e308,
  5e-324,
];

function deepNest(depth: number): unknown {
  let v: unknown = 1;
  for (let i = 0; i < depth; i++) v = [v];
  return v;
}

export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...INJECTION_STRINGS) },
  { weight: 3, arbitrary: fc.constantFrom(...BOUNDARY_NUMBERS) },
  { weight: 1, arbitrary: fc.constantFrom(null, true, false, [], {}, [null], { a: 1 }, [1, 'a', null]) },
  { weight: 1, arbitrary: fc.constant(BIG) },
  { weight: 1, arbitrary: fc.constant(deepNest(200)) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.array(fc.constantFrom(...INJECTION_STRINGS), { maxLength: 60 }) },
  { weight: 1, arbitrary: fc.array(fc.constantFrom(...BOUNDARY_NUMBERS), { minLength: 1, maxLength: 5 }) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
);

// ---------------------------------------------------------------------------------------------------------
// schema-shaped values

/** Real values for well-known field names (set from the pools), so that shaped bodies get past the lookups. */
let fieldHints: Record<string, unknown[]> = {};

function safeRegex(pattern: string): RegExp | null {
  try {
    return new RegExp(pattern);
  } catch {
    return null;
  }
}

function numberBounds(s: JsonSchema, integer: boolean) {
  let min = typeof s.minimum === 'number' ? s.minimum : -1_000_000;
  let max = typeof s.maximum === 'number' ? s.maximum : 1_000_000;
  if (s.exclusiveMinimum === true || typeof s.exclusiveMinimum === 'number') {
    min = (typeof s.exclusiveMinimum === 'number' ? s.exclusiveMinimum : min) + (integer ? 1 : 1e-9);
  }
  if (s.exclusiveMaximum === true || typeof s.exclusiveMaximum === 'number') {
    max = (typeof s.exclusiveMaximum === 'number' ? s.exclusiveMaximum : max) - (integer ? 1 : 1e-9);
  }
  return { min, max };
}

/** A value that satisfies the schema most of the time, leaning towards its edges. */
export function shapedValue(s: JsonSchema | undefined, depth = 0, name = ''): fc.Arbitrary<unknown> {
  if (!s || depth > 5) return fc.jsonValue({ maxDepth: 2 });
  const hint = fieldHints[name];
  if (hint?.length) return fc.oneof({ weight: 2, arbitrary: fc.constantFrom(...hint) }, { weight: 1, arbitrary: shapedValue(s, depth) });
  if (s.enum?.length) return fc.constantFrom(...s.enum);
  if (s.const !== undefined) return fc.constant(s.const);
  const alts = s.anyOf ?? s.oneOf;
  if (alts?.length) return fc.oneof(...alts.map((a) => shapedValue(a, depth + 1)));
  if (s.allOf?.length) return shapedValue(Object.assign({}, ...s.allOf), depth + 1);
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type;
  let arb: fc.Arbitrary<unknown>;
  switch (type) {
    case 'string': {
      const maxLength = s.maxLength ?? 60;
      const minLength = s.minLength ?? 0;
      const re = s.pattern ? safeRegex(s.pattern) : null;
      if (s.format === 'date') arb = fc.date({ min: new Date('1900-01-01'), max: new Date('2100-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
      else if (s.format === 'date-time')
        arb = fc.date({ min: new Date('1900-01-01'), max: new Date('2100-12-31'), noInvalidDate: true }).map((d) => d.toISOString());
      else if (re) arb = fc.stringMatching(re);
      else
        arb = fc.oneof(
          fc.string({ minLength, maxLength: Math.min(maxLength, 40) }),
          fc.string({ unit: 'grapheme', minLength, maxLength: Math.min(maxLength, 20) }),
          fc.constantFrom('网格员上报：幸福路口井盖缺失', '调解', '甘谷县新兴镇姚庄社区', 'x'.repeat(Math.max(minLength, Math.min(maxLength, 5000)))),
          fc.constantFrom(...INJECTION_STRINGS.filter((x) => x.length >= minLength && x.length <= maxLength)),
        );
      break;
    }
    case 'integer': {
      const { min, max } = numberBounds(s, true);
      const lo = Math.ceil(Math.max(min, Number.MIN_SAFE_INTEGER));
      const hi = Math.floor(Math.min(max, Number.MAX_SAFE_INTEGER));
      const near = Math.max(lo, Math.min(hi, 1000));
      arb = hi < lo ? fc.constant(lo) : fc.oneof(fc.constantFrom(lo, hi), fc.integer({ min: lo, max: near }), fc.integer({ min: lo, max: hi }));
      break;
    }
    case 'number': {
      const { min, max } = numberBounds(s, false);
      arb = fc.oneof(fc.constantFrom(min, max), fc.double({ min, max, noNaN: true, noDefaultInfinity: true }));
      break;
    }
    case 'boolean':
      arb = fc.boolean();
      break;
    case 'array':
      arb = fc.array(shapedValue(s.items, depth + 1), { minLength: s.minItems ?? 0, maxLength: Math.max(s.minItems ?? 0, Math.min(s.maxItems ?? 3, 3)) });
      break;
    case 'object':
    case undefined: {
      if (!s.properties) {
        arb = type === 'object' ? fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 }) : fc.jsonValue({ maxDepth: 2 });
        break;
      }
      const model: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [k, v] of Object.entries(s.properties)) model[k] = shapedValue(v, depth + 1, k);
      arb = fc.record(model, { requiredKeys: (s.required ?? []).filter((k) => k in model) });
      break;
    }
    default:
      arb = fc.jsonValue({ maxDepth: 2 });
  }
  return s.nullable || (Array.isArray(s.type) && s.type.includes('null')) ? fc.option(arb, { nil: null, freq: 8 }) : arb;
}

type Mutation = { kind: 'replace' | 'drop' | 'extra'; key: string; value: unknown };

/** Applies a few breakages to an object-shaped value: a field replaced by a hostile value, dropped, or added. */
function mutated(base: fc.Arbitrary<unknown>, keys: string[]): fc.Arbitrary<{ value: unknown; note: string }> {
  const keyArb = keys.length ? fc.oneof(fc.constantFrom(...keys), fc.constantFrom('__proto__x', 'constructor', 'id', 'areaCode', 'version', 'status')) : fc.constantFrom('id', 'areaCode', 'x');
  const mutation: fc.Arbitrary<Mutation> = fc.record({ kind: fc.constantFrom('replace', 'replace', 'replace', 'drop', 'extra'), key: keyArb, value: hostileValue });
  return fc.tuple(base, fc.array(mutation, { maxLength: 3 })).map(([v, ms]) => {
    if (!v || typeof v !== 'object' || Array.isArray(v) || ms.length === 0) return { value: v, note: 'shaped' };
    const out: Record<string, unknown> = { ...(v as Record<string, unknown>) };
    for (const m of ms) {
      if (m.kind === 'drop') delete out[m.key];
      else out[m.key] = m.value;
    }
    return { value: out, note: ms.map((m) => `${m.kind}:${m.key}`).join(',') };
  });
}

// ---------------------------------------------------------------------------------------------------------
// path, query and body

export const PATH_ID_ATTACKS = [
  '-1',
  '0',
  '1',
  '2',
  '2147483647',
  '2147483648',
  '9007199254740991',
  '9223372036854775807',
  '9223372036854775808',
  '18446744073709551616',
  '1e3',
  '1.5',
  '0x10',
  '+5',
  '00001',
  ' 1',
  'abc',
  'NaN',
  'Infinity',
  '-0',
  '..%2F..%2Fetc%2Fpasswd',
  '%2E%2E%2F',
  '%00',
  '1%00',
  '%20',
  "1'%20OR%20'1'%3D'1",
  encodeURIComponent('网格'),
  encodeURIComponent('𠀀'),
  'a'.repeat(300),
];

export type FuzzPools = {
  /** ids that exist, so that valid-shaped bodies reach the handlers */
  ids: number[];
  /** area codes inside and outside the actor's scope */
  codes: string[];
  /** real case action names */
  actions: string[];
  /** path template prefix → the only real values its path parameter may take (protects the fuzzing users' sessions) */
  pinned?: Record<string, string[]>;
  /** real values for field names (kind, categoryCode, areaCode …) */
  fields?: Record<string, unknown[]>;
};

/** An unpaired surrogate cannot be percent-encoded: send its replacement, as a browser would. */
function enc(s: string): string {
  return encodeURIComponent(s.replace(/\p{Surrogate}/gu, '\uFFFD'));
}

function pathValue(op: Operation, p: Parameter, pools: FuzzPools): fc.Arbitrary<string> {
  const pinned = Object.entries(pools.pinned ?? {}).find(([prefix]) => op.path.startsWith(prefix))?.[1];
  const attacks = fc.constantFrom(...PATH_ID_ATTACKS);
  if (pinned) {
    // none of the attack values may name a real record either ('00001' and ' 1' are user 1)
    const harmless = PATH_ID_ATTACKS.filter((v) => {
      const n = Number(decodeURIComponent(v));
      return !(Number.isInteger(n) && n > 0 && n <= 2 ** 31);
    });
    return fc.oneof(fc.constantFrom(...pinned), fc.constantFrom(...harmless));
  }
  const t = p.schema?.type;
  if (t === 'integer' || t === 'number') {
    return fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...pools.ids).map(String) }, { weight: 2, arbitrary: attacks });
  }
  if (p.name === 'action') return fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...pools.actions) }, { weight: 1, arbitrary: attacks });
  if (p.name === 'code') return fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...pools.codes) }, { weight: 1, arbitrary: attacks });
  return fc.oneof(
    shapedValue(p.schema).map((v) => enc(String(v ?? ''))),
    attacks,
    fc.constantFrom(...INJECTION_STRINGS.slice(0, 20)).map((s) => enc(s)),
  );
}

function queryString(op: Operation): fc.Arbitrary<{ qs: string; note: string }> {
  if (op.queryParams.length === 0) return fc.constant({ qs: '', note: '' });
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  for (const p of op.queryParams) {
    model[p.name] = shapedValue(p.schema, 0, p.name);
  }
  return mutated(fc.record(model, { requiredKeys: op.queryParams.filter((p) => p.required).map((p) => p.name) }), Object.keys(model)).map(({ value, note }) => {
    const parts: string[] = [];
    for (const [k, v] of Object.entries((value ?? {}) as Record<string, unknown>)) {
      const values = Array.isArray(v) ? v : [v];
      for (const one of values) {
        const s = one === null || typeof one !== 'object' ? String(one) : JSON.stringify(one);
        parts.push(`${enc(k)}=${enc(s)}`);
      }
    }
    return { qs: parts.length ? `?${parts.join('&')}` : '', note: note ? `query ${note}` : '' };
  });
}

const RAW_BODIES: { contentType: string | null; payload: string | Buffer; note: string }[] = [
  { contentType: 'application/json', payload: '{', note: 'truncated json' },
  { contentType: 'application/json', payload: '', note: 'empty json' },
  { contentType: 'application/json', payload: 'null', note: 'json null' },
  { contentType: 'application/json', payload: '[]', note: 'json array' },
  { contentType: 'application/json', payload: '"text"', note: 'json string' },
  { contentType: 'application/json', payload: '12345678901234567890', note: 'json big number' },
  { contentType: 'application/json', payload: '{"__proto__":{"admin":true}}', note: 'proto poisoning' },
  { contentType: 'application/json', payload: '{"constructor":{"prototype":{"x":1}}}', note: 'constructor poisoning' },
  { contentType: 'application/json', payload: `${'['.repeat(5000)}${']'.repeat(5000)}`, note: 'deep nesting' },
  { contentType: 'application/json', payload: Buffer.from([0xff, 0xfe, 0x7b, 0x00, 0x7d, 0x00]), note: 'utf-16 bytes' },
  { contentType: 'application/json; charset=latin1', payload: '{"a":"\u00e9"}', note: 'latin1 charset' },
  { contentType: 'text/plain', payload: 'hello', note: 'text/plain' },
  { contentType: 'application/x-www-form-urlencoded', payload: 'a=1&b=2', note: 'form' },
  { contentType: 'application/xml', payload: '<a/>', note: 'xml' },
  { contentType: 'multipart/form-data; boundary=x', payload: '--x--', note: 'multipart' },
  { contentType: 'application/octet-stream', payload: Buffer.from('PK\u0003\u0004garbage-not-a-zip'), note: 'fake zip' },
  { contentType: 'text/csv', payload: 'a,b\n"unterminated', note: 'broken csv' },
  { contentType: null, payload: '{"a":1}', note: 'no content-type' },
];

/** A request for one operation: usually schema-shaped and mutated, sometimes a raw malformed body. */
export function requestArb(op: Operation, pools: FuzzPools): fc.Arbitrary<FuzzRequest> {
  fieldHints = { area: pools.codes, areaCode: pools.codes, ...pools.fields };
  const pathArb = op.pathParams.length
    ? fc.tuple(...op.pathParams.map((p) => pathValue(op, p, pools))).map((values) => {
        let url = op.path;
        op.pathParams.forEach((p, i) => {
          url = url.replace(`{${p.name}}`, values[i]);
        });
        return url;
      })
    : fc.constant(op.path);
  const hasBody = ['POST', 'PUT', 'PATCH', 'DELETE'].includes(op.method);
  const jsonBody = op.body
    ? mutated(shapedValue(op.body), Object.keys(op.body.properties ?? {}))
    : fc.record({ value: fc.oneof(fc.constant({}), fc.dictionary(fc.string({ maxLength: 8 }), hostileValue, { maxKeys: 3 })), note: fc.constant('free body') });
  const bodyArb: fc.Arbitrary<{ payload?: string | Buffer; contentType: string | null; note: string }> = hasBody
    ? fc.oneof(
        { weight: 8, arbitrary: jsonBody.map(({ value, note }) => ({ payload: JSON.stringify(value ?? null), contentType: 'application/json', note: `body ${note}` })) },
        { weight: 1, arbitrary: hostileValue.map((v) => ({ payload: JSON.stringify(v), contentType: 'application/json', note: 'body hostile scalar' })) },
        { weight: op.rawBody ? 3 : 1, arbitrary: fc.constantFrom(...RAW_BODIES) },
      )
    : fc.constant({ contentType: null, note: '' });
  const idempotency = hasBody
    ? fc.oneof({ weight: 6, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.constantFrom('k'.repeat(201), 'fuzz-key-1', ' ', "'; --") })
    : fc.constant(null);
  return fc.tuple(pathArb, queryString(op), bodyArb, idempotency).map(([path, q, body, key]) => {
    const headers: Record<string, string> = { 'x-requested-with': 'fengqiao-fuzz' };
    if (body.contentType) headers['content-type'] = body.contentType;
    if (key !== null) headers['idempotency-key'] = key;
    return {
      method: op.method,
      url: `${path}${q.qs}`,
      payload: body.payload,
      headers,
      note: [q.note, body.note, key !== null ? `idempotency-key(${key.length})` : ''].filter(Boolean).join('; '),
    };
  });
}

// ---------------------------------------------------------------------------------------------------------
// the answer

const STACK = /\n\s+at\s|\bat [\w.<>]+ \(|node_modules\/|\/src\/server\/|\.ts:\d+:\d+|Error: .*\n/;
const SQL = /\b(select\s.+\sfrom|insert\s+into|update\s+"?\w+"?\s+set|delete\s+from|returning\s)\b|syntax error|violates|relation "|column "|duplicate key|invalid input syntax|out of range for type|DrizzleQueryError|Failed query|PGlite|SQLSTATE/i;
const CJK = /[\u3400-\u9fff]/;

/** Why an answer breaks the contract, or null when it keeps it. */
export function answerProblem(status: number, body: string, contentType: string | undefined, url = ''): string | null {
  if (status >= 500) return `HTTP ${status}: ${body.slice(0, 300)}`;
  if (status < 200 || (status >= 300 && status < 400)) return `unexpected HTTP ${status}`;
  if (status >= 400 && url.startsWith('/open311/')) {
    // GeoReport v2 has its own error document: [{code, description}] or <errors><error>…</error></errors>
    if (SQL.test(body)) return `HTTP ${status}: SQL text in the answer: ${body.slice(0, 300)}`;
    if (contentType?.includes('xml')) {
      const m = /<errors>\s*<error>\s*<code>(\d+)<\/code>\s*<description>([^<]*)<\/description>/.exec(body);
      if (!m || Number(m[1]) !== status || !CJK.test(m[2])) return `HTTP ${status} not an Open311 XML error: ${body.slice(0, 200)}`;
      return null;
    }
    let errors: { code?: unknown; description?: unknown }[];
    try {
      errors = JSON.parse(body);
    } catch {
      return `HTTP ${status} Open311 error is not JSON: ${body.slice(0, 200)}`;
    }
    const first = Array.isArray(errors) ? errors[0] : undefined;
    if (!first || first.code !== status || typeof first.description !== 'string' || !CJK.test(first.description)) {
      return `HTTP ${status} not an Open311 error array: ${body.slice(0, 200)}`;
    }
    return null;
  }
  if (status >= 400) {
    if (!contentType?.includes('application/json')) return `HTTP ${status} not JSON (${contentType}): ${body.slice(0, 200)}`;
    let parsed: { error?: { code?: unknown; message?: unknown; field?: unknown; details?: unknown } };
    try {
      parsed = JSON.parse(body);
    } catch {
      return `HTTP ${status} body is not JSON: ${body.slice(0, 200)}`;
    }
    const e = parsed.error;
    if (!e || typeof e.code !== 'string' || !/^[A-Z][A-Z0-9_]+$/.test(e.code)) return `HTTP ${status} without an error code: ${body.slice(0, 200)}`;
    if (typeof e.message !== 'string' || !CJK.test(e.message)) return `HTTP ${status} ${e.code}: message not Chinese: ${String(e.message).slice(0, 200)}`;
    if (e.field !== undefined && typeof e.field !== 'string') return `HTTP ${status} ${e.code}: field is not a string`;
    const extra = Object.keys(parsed).filter((k) => k !== 'error');
    if (extra.length) return `HTTP ${status} ${e.code}: unexpected keys ${extra.join(',')}`;
    if (SQL.test(body)) return `HTTP ${status} ${e.code}: SQL text in the answer: ${body.slice(0, 300)}`;
  }
  const textual = !contentType || /json|text|html/.test(contentType);
  if (textual && STACK.test(body)) return `HTTP ${status}: stack trace in the answer: ${body.slice(0, 300)}`;
  return null;
}
