/**
 * The OpenAPI 3.1 document (`GET /api/v1/openapi.json`), generated from the zod schemas the routes validate with
 * (`src/wire`, `src/admin/schemas.ts`, the Fivetran event), and a self-contained reference page (`GET /api/v1/docs`:
 * one HTML page with inline script; nothing is loaded from elsewhere).
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { ADMIN_ROUTES } from '../admin/schemas.js';
import {
  AgentQueryRequestSchema,
  AgentQueryResponseSchema,
  RecommendRequestSchema,
  RecommendResponseSchema,
} from '../agents/schemas.js';
import { CustomisationSchema, SavedViewInputSchema } from '../dashboards/schema.js';
import { FivetranEventSchema } from '../refresh/fivetran.js';
import {
  BatchRequestSchema,
  BatchResponseSchema,
  ErrorBodySchema,
  FILTER_TYPES,
  FilterOptionsQuerySchema,
  FilterOptionsResponseSchema,
  HealthResponseSchema,
  MetricsRequestSchema,
  MetricsResponseSchema,
  SchemaResponseSchema,
  TrendsQuerySchema,
  TrendsResponseSchema,
  WebhookResponseSchema,
} from '../wire/index.js';
import { AlertsQuerySchema } from './alerts.js';
import { DOCS_HTML } from './docs-page.js';

/** Responses described only as a JSON object (their shape is the dashboards/agents modules' to pin down). */
const AnyObject = z.object({}).loose();

type Json = Record<string, unknown>;
type Io = 'input' | 'output';

/** Collects named component schemas; `$defs` of each conversion become components too, with refs rewritten. */
class Components {
  readonly schemas: Record<string, Json> = {};
  readonly #seen = new Map<z.ZodType, string>();

  ref(schema: z.ZodType, name: string, io: Io): Json {
    const key = `${name}`;
    const known = this.#seen.get(schema);
    if (known !== undefined) return { $ref: `#/components/schemas/${known}` };
    this.#seen.set(schema, key);
    this.schemas[key] = this.inline(schema, key, io);
    return { $ref: `#/components/schemas/${key}` };
  }

  inline(schema: z.ZodType, name: string, io: Io): Json {
    const converted = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as Json;
    const defs = (converted.$defs ?? {}) as Record<string, Json>;
    delete converted.$schema;
    delete converted.$defs;
    const rewrite = (node: unknown): unknown => {
      if (Array.isArray(node)) return node.map(rewrite);
      if (node === null || typeof node !== 'object') return node;
      const out: Json = {};
      for (const [k, v] of Object.entries(node)) {
        if (k === '$ref' && typeof v === 'string') {
          out[k] = v === '#' ? `#/components/schemas/${name}` : v.replace('#/$defs/', `#/components/schemas/${name}_`);
        } else out[k] = rewrite(v);
      }
      return out;
    };
    for (const [def, body] of Object.entries(defs)) this.schemas[`${name}_${def}`] = rewrite(body) as Json;
    return rewrite(converted) as Json;
  }
}

const ERROR_STATUSES: Record<string, string> = {
  '400': 'Invalid request: `details` names each offending field.',
  '401': 'Missing, invalid or expired credentials.',
  '403': 'The credentials may not do this (scope, locked filters, origin).',
  '404': 'Not found.',
  '413': 'Body too large.',
  '415': 'Body is not JSON.',
  '429': 'Rate limited; see Retry-After.',
  '503': 'Warehouse unavailable.',
  '504': 'Query timed out.',
};

const SECURITY: Record<string, Json[]> = {
  tenantToken: [{ tenantToken: [] }],
  partnerApiKey: [{ partnerApiKey: [] }],
  operatorToken: [{ operatorToken: [] }],
  fivetran: [{ fivetranSignature: [] }],
  none: [],
};

interface RouteSpec {
  readonly method: string;
  readonly path: string;
  readonly summary: string;
  readonly tag: string;
  readonly auth: keyof typeof SECURITY;
  readonly request?: { readonly schema: z.ZodType; readonly name: string };
  readonly query?: z.ZodType;
  readonly pathParams?: Record<string, Json>;
  readonly responses: Record<
    string,
    { readonly schema: z.ZodType; readonly name: string; readonly description: string }
  >;
  readonly errors?: readonly string[];
  readonly headers?: readonly { name: string; schema: Json; required: boolean; description: string }[];
}

const DATA_ERRORS = ['400', '401', '403', '429', '503', '504'];

function pathParamsOf(path: string, given: Record<string, Json> = {}): Json[] {
  return [...path.matchAll(/\{([^}]+)\}/g)].map((m) => ({
    name: m[1],
    in: 'path',
    required: true,
    schema: given[m[1] as string] ?? { type: 'string', minLength: 1, maxLength: 128 },
  }));
}

function queryParamsOf(schema: z.ZodType | undefined, components: Components, name: string): Json[] {
  if (schema === undefined) return [];
  const json = components.inline(schema, name, 'input');
  const props = (json.properties ?? {}) as Record<string, Json>;
  const required = new Set((json.required ?? []) as string[]);
  return Object.entries(props).map(([p, s]) => ({ name: p, in: 'query', required: required.has(p), schema: s }));
}

const title = (s: string) =>
  s.replace(/(^|[-_/{}])([a-z])/g, (_m, _p, c: string) => c.toUpperCase()).replace(/\W/g, '');

function routeSpecs(): RouteSpec[] {
  const specs: RouteSpec[] = [
    {
      method: 'get',
      path: '/api/v1/health',
      summary: 'App database and warehouse reachability (no token).',
      tag: 'operations',
      auth: 'none',
      responses: {
        '200': { schema: HealthResponseSchema, name: 'HealthResponse', description: 'Every configured check passed.' },
        '503': { schema: HealthResponseSchema, name: 'HealthResponse', description: 'A check failed or timed out.' },
      },
      errors: [],
    },
    {
      method: 'get',
      path: '/api/v1/schema',
      summary: 'The catalog (measures, dimensions) this token may query.',
      tag: 'data',
      auth: 'tenantToken',
      responses: { '200': { schema: SchemaResponseSchema, name: 'SchemaResponse', description: 'The catalog.' } },
    },
    {
      method: 'post',
      path: '/api/v1/metrics',
      summary: 'The unified metrics query.',
      tag: 'data',
      auth: 'tenantToken',
      request: { schema: MetricsRequestSchema, name: 'MetricsRequest' },
      responses: { '200': { schema: MetricsResponseSchema, name: 'MetricsResponse', description: 'Rows.' } },
      errors: [...DATA_ERRORS, '413', '415'],
    },
    {
      method: 'post',
      path: '/api/v1/metrics/batch',
      summary: "A dashboard's panel queries in one request (cached 1 h).",
      tag: 'data',
      auth: 'tenantToken',
      request: { schema: BatchRequestSchema, name: 'BatchRequest' },
      responses: {
        '200': { schema: BatchResponseSchema, name: 'BatchResponse', description: 'One result per query.' },
      },
      errors: [...DATA_ERRORS, '404', '413', '415'],
    },
    {
      method: 'get',
      path: '/api/v1/filters/{type}',
      summary: 'Values a filter control may offer (search, paging, locked filters applied; cached 24 h).',
      tag: 'data',
      auth: 'tenantToken',
      query: FilterOptionsQuerySchema,
      pathParams: { type: { type: 'string', enum: Object.keys(FILTER_TYPES) } },
      responses: {
        '200': { schema: FilterOptionsResponseSchema, name: 'FilterOptionsResponse', description: 'Options.' },
      },
      errors: [...DATA_ERRORS, '404'],
    },
    {
      method: 'get',
      path: '/api/v1/trends',
      summary: 'One metric over time with its comparison and the whole-range summary.',
      tag: 'data',
      auth: 'tenantToken',
      query: TrendsQuerySchema,
      responses: { '200': { schema: TrendsResponseSchema, name: 'TrendsResponse', description: 'The series.' } },
    },
    {
      method: 'post',
      path: '/api/v1/webhooks/fivetran',
      summary: 'A finished Fivetran sync → that tenant’s rebuild (mounted when webhook secrets are set).',
      tag: 'operations',
      auth: 'fivetran',
      request: { schema: FivetranEventSchema, name: 'FivetranEvent' },
      responses: {
        '200': { schema: WebhookResponseSchema, name: 'WebhookResponse', description: 'Ignored (not a success).' },
        '202': { schema: WebhookResponseSchema, name: 'WebhookResponse', description: 'Rebuild queued.' },
      },
      errors: ['400', '401', '404', '409', '413'],
    },
  ];
  const dashId = { id: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,63}$' } };
  const obj = (name: string, description = 'OK.') => ({ schema: AnyObject, name, description });
  specs.push(
    {
      method: 'get',
      path: '/api/v1/dashboards',
      summary: 'Dashboards this token may open.',
      tag: 'dashboards',
      auth: 'tenantToken',
      responses: { '200': obj('DashboardList') },
      errors: [...DATA_ERRORS],
    },
    {
      method: 'get',
      path: '/api/v1/dashboards/{id}',
      summary: 'One dashboard document, resolved for this token.',
      tag: 'dashboards',
      auth: 'tenantToken',
      pathParams: dashId,
      responses: { '200': obj('DashboardDocument') },
      errors: [...DATA_ERRORS, '404'],
    },
    {
      method: 'get',
      path: '/api/v1/dashboards/{id}/views',
      summary: 'Saved views of this user.',
      tag: 'dashboards',
      auth: 'tenantToken',
      pathParams: dashId,
      responses: { '200': obj('SavedViewList') },
      errors: [...DATA_ERRORS, '404'],
    },
    {
      method: 'post',
      path: '/api/v1/dashboards/{id}/views',
      summary: 'Save a view (filter state).',
      tag: 'dashboards',
      auth: 'tenantToken',
      pathParams: dashId,
      request: { schema: SavedViewInputSchema, name: 'SavedViewInput' },
      responses: { '201': obj('SavedView', 'Created.'), '200': obj('SavedView') },
      errors: [...DATA_ERRORS, '404', '409', '413', '415'],
    },
    {
      method: 'post',
      path: '/api/v1/dashboards/{id}/views/{viewId}/delete',
      summary: 'Delete a saved view.',
      tag: 'dashboards',
      auth: 'tenantToken',
      pathParams: dashId,
      responses: { '200': obj('SavedViewDeleted') },
      errors: [...DATA_ERRORS, '404'],
    },
    {
      method: 'post',
      path: '/api/v1/agents/recommend',
      summary: "An agent's findings for a dashboard.",
      tag: 'agents',
      auth: 'tenantToken',
      request: { schema: RecommendRequestSchema, name: 'RecommendRequest' },
      responses: { '200': { schema: RecommendResponseSchema, name: 'RecommendResponse', description: 'Findings.' } },
      errors: [...DATA_ERRORS, '404', '413', '415'],
    },
    {
      method: 'post',
      path: '/api/v1/agents/query',
      summary: 'A question in plain language → a metrics query and its answer.',
      tag: 'agents',
      auth: 'tenantToken',
      request: { schema: AgentQueryRequestSchema, name: 'AgentQueryRequest' },
      responses: {
        '200': { schema: AgentQueryResponseSchema, name: 'AgentQueryResponse', description: 'Answer or refusal.' },
      },
      errors: [...DATA_ERRORS, '404', '413', '415'],
    },
    {
      method: 'get',
      path: '/api/v1/alerts',
      summary: 'Active alerts.',
      tag: 'agents',
      auth: 'tenantToken',
      query: AlertsQuerySchema,
      responses: { '200': obj('AlertList') },
    },
    {
      method: 'get',
      path: '/api/v1/admin/tenants/{tenantId}/dashboards/{id}',
      summary: "Partner admin: a tenant's dashboard customisation.",
      tag: 'admin',
      auth: 'partnerApiKey',
      pathParams: dashId,
      responses: { '200': obj('Customisation') },
      errors: ['400', '401', '403', '404', '429'],
    },
    {
      method: 'put',
      path: '/api/v1/admin/tenants/{tenantId}/dashboards/{id}',
      summary: "Partner admin: set a tenant's dashboard customisation.",
      tag: 'admin',
      auth: 'partnerApiKey',
      pathParams: dashId,
      request: { schema: CustomisationSchema, name: 'Customisation' },
      responses: { '200': obj('CustomisationSaved') },
      errors: ['400', '401', '403', '404', '413', '415', '429'],
    },
    {
      method: 'delete',
      path: '/api/v1/admin/tenants/{tenantId}/dashboards/{id}',
      summary: "Partner admin: remove a tenant's dashboard customisation.",
      tag: 'admin',
      auth: 'partnerApiKey',
      pathParams: dashId,
      responses: { '200': obj('CustomisationDeleted') },
      errors: ['400', '401', '403', '404', '429'],
    },
  );
  for (const r of ADMIN_ROUTES as readonly {
    method: string;
    path: string;
    auth: 'partnerApiKey' | 'operatorToken';
    request?: z.ZodType;
    query?: z.ZodType;
    response: z.ZodType;
    status?: number;
  }[]) {
    const name = title(`${r.method}${r.path.replace('/api/v1', '')}`);
    specs.push({
      method: r.method,
      path: r.path,
      summary: `${r.auth === 'partnerApiKey' ? 'Partner admin' : 'Operator'}: ${r.method.toUpperCase()} ${r.path}`,
      tag: r.auth === 'partnerApiKey' ? 'admin' : 'operator',
      auth: r.auth,
      ...(r.request ? { request: { schema: r.request, name: `${name}Request` } } : {}),
      ...(r.query ? { query: r.query } : {}),
      responses: {
        [String(r.status ?? 200)]: { schema: r.response, name: `${name}Response`, description: 'OK.' },
      },
      errors: ['400', '401', '403', '404', '409', '413', '415', '429'],
    });
  }
  return specs;
}

/** Builds the OpenAPI 3.1 document. Pure: the same every call for one build of the code. */
export function buildOpenApiDocument(): Json {
  const components = new Components();
  const errorRef = components.ref(ErrorBodySchema, 'ErrorBody', 'output');
  const paths: Record<string, Record<string, Json>> = {};
  for (const r of routeSpecs()) {
    const responses: Record<string, Json> = {};
    for (const [status, res] of Object.entries(r.responses)) {
      responses[status] = {
        description: res.description,
        content: { 'application/json': { schema: components.ref(res.schema, res.name, 'output') } },
      };
    }
    for (const status of r.errors ?? DATA_ERRORS) {
      responses[status] ??= {
        description: ERROR_STATUSES[status] ?? 'Error.',
        content: { 'application/json': { schema: errorRef } },
      };
    }
    responses.default = { description: 'Error.', content: { 'application/json': { schema: errorRef } } };
    const op: Json = {
      operationId: title(`${r.method}${r.path.replace('/api/v1', '')}`),
      summary: r.summary,
      tags: [r.tag],
      security: SECURITY[r.auth],
      parameters: [
        ...pathParamsOf(r.path, r.pathParams),
        ...queryParamsOf(r.query, components, `${title(r.path)}Query`),
        ...(r.auth === 'tenantToken'
          ? [
              {
                name: 'X-Miq-Dashboard',
                in: 'header',
                required: false,
                description: 'The dashboard the request is for (audited).',
                schema: { type: 'string', pattern: '^[a-z0-9][a-z0-9_-]{0,63}$' },
              },
            ]
          : []),
      ],
      responses,
    };
    if (r.request) {
      op.requestBody = {
        required: true,
        content: { 'application/json': { schema: components.ref(r.request.schema, r.request.name, 'input') } },
      };
    }
    paths[r.path] ??= {};
    (paths[r.path] as Record<string, Json>)[r.method] = op;
  }
  paths['/api/v1/openapi.json'] = {
    get: {
      operationId: 'getOpenapiJson',
      summary: 'This document.',
      tags: ['operations'],
      security: [],
      responses: {
        '200': { description: 'OpenAPI 3.1', content: { 'application/json': { schema: { type: 'object' } } } },
      },
    },
  };
  paths['/api/v1/docs'] = {
    get: {
      operationId: 'getDocs',
      summary: 'The browsable reference (HTML).',
      tags: ['operations'],
      security: [],
      responses: { '200': { description: 'HTML', content: { 'text/html': { schema: { type: 'string' } } } } },
    },
  };
  return {
    openapi: '3.1.0',
    info: {
      title: 'Marketing IQ embed API',
      version: '1',
      description:
        'Embedded marketing analytics. Data routes take a tenant token (a short-lived JWS signed by the partner, ' +
        '`typ: miq-embed+jwt`); the admin API a partner API key (`miq_pk_…`); the operator API the operator token.',
    },
    servers: [{ url: '/' }],
    tags: [
      { name: 'data', description: 'Tenant-token routes.' },
      { name: 'admin', description: 'Partner admin API.' },
      { name: 'operator', description: 'Operator API (404 unless configured).' },
      { name: 'dashboards', description: 'Dashboard documents and saved views (tenant token).' },
      { name: 'agents', description: 'Agents and alerts (tenant token).' },
      { name: 'operations', description: 'Health, webhooks, this document.' },
    ],
    paths,
    components: {
      schemas: components.schemas,
      securitySchemes: {
        tenantToken: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT (typ miq-embed+jwt)' },
        partnerApiKey: { type: 'http', scheme: 'bearer', description: 'miq_pk_…' },
        operatorToken: { type: 'http', scheme: 'bearer', description: 'miq_op_…' },
        fivetranSignature: { type: 'apiKey', in: 'header', name: 'X-Fivetran-Signature-256' },
      },
    },
  };
}

/** `GET /openapi.json` and `GET /docs` (no token: the document describes, it does not expose data). */
export function docsRoutes() {
  let cached: string | undefined;
  return new Hono()
    .get('/openapi.json', (c) => {
      cached ??= JSON.stringify(buildOpenApiDocument());
      c.header('Cache-Control', 'public, max-age=300');
      return c.body(cached, 200, { 'Content-Type': 'application/json; charset=utf-8' });
    })
    .get('/docs', (c) => {
      c.header('Cache-Control', 'public, max-age=300');
      c.header(
        'Content-Security-Policy',
        "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'",
      );
      return c.html(DOCS_HTML);
    });
}
