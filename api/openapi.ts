/** The API description served at /api/v1/openapi.json and rendered at /api/docs. */
import { caseStatuses, personCategories, photoVerdicts } from '../domain/cases';
import { networks } from '../domain/principal';

const problem = {
  description: 'RFC 9457 problem',
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
};
const binary = { type: 'string', format: 'binary' };
const listParams = [
  { name: 'sort', in: 'query', schema: { type: 'string', example: '["capturedAt","DESC"]' } },
  { name: 'range', in: 'query', schema: { type: 'string', example: '[0,24]' } },
  { name: 'filter', in: 'query', schema: { type: 'string', example: '{"status":"processing","q":"张"}' } },
];

export const openApiDocument = {
  openapi: '3.1.0',
  info: {
    title: 'Tongpai API',
    version: '1',
    description:
      'Capture once, serve every document. Every /api/v1 call except client-config needs a Keycloak access token ' +
      '(realm `tongpai`, audience `tongpai-api`). Errors are problem+json with a stable `code` and `messages.zh`/`messages.en`.',
  },
  servers: [{ url: '/' }],
  components: {
    securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
    schemas: {
      Problem: {
        type: 'object',
        required: ['type', 'title', 'status', 'code', 'messages'],
        properties: {
          type: { type: 'string' },
          title: { type: 'string' },
          status: { type: 'integer' },
          detail: { type: 'string' },
          code: { type: 'string', example: 'corrupt_image' },
          messages: { $ref: '#/components/schemas/Messages' },
          errors: {
            type: 'array',
            items: {
              type: 'object',
              properties: { field: { type: 'string' }, messages: { $ref: '#/components/schemas/Messages' } },
            },
          },
          instance: { type: 'string' },
        },
      },
      Messages: { type: 'object', properties: { zh: { type: 'string' }, en: { type: 'string' } } },
      CaseSummary: {
        type: 'object',
        properties: {
          id: { type: 'string', format: 'uuid' },
          status: { enum: caseStatuses },
          verdict: { enum: [...photoVerdicts, null], description: 'the pipeline judgement, once processed' },
          category: { enum: personCategories },
          personName: { type: 'string' },
          idNumberMasked: { type: 'string' },
          stationId: { type: 'string' },
          regionId: { type: 'string' },
          operatorUsername: { type: 'string' },
          capturedAt: { type: 'string', format: 'date-time' },
          updatedAt: { type: 'string', format: 'date-time' },
        },
      },
      CaseDetail: {
        allOf: [
          { $ref: '#/components/schemas/CaseSummary' },
          {
            type: 'object',
            properties: {
              idNumber: { type: 'string' },
              workflowId: { type: 'string', example: 'photo-<caseId>' },
              device: { type: ['string', 'null'] },
              failureReason: { type: ['string', 'null'] },
              failureCode: { type: ['string', 'null'], example: 'no_face' },
              failureMessage: {
                oneOf: [{ $ref: '#/components/schemas/Messages' }, { type: 'null' }],
              },
              failingChecks: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    profile: { type: 'string' },
                    id: { type: 'string', example: 'yaw' },
                    severity: { type: ['string', 'null'] },
                    message: { $ref: '#/components/schemas/Messages' },
                  },
                },
              },
              photos: { type: 'array', items: { $ref: '#/components/schemas/CasePhoto' } },
              master: {
                type: 'object',
                properties: {
                  sha256: { type: 'string' },
                  mimeType: { type: 'string' },
                  bytes: { type: 'integer' },
                  width: { type: ['integer', 'null'] },
                  height: { type: ['integer', 'null'] },
                },
              },
            },
          },
        ],
      },
      CasePhoto: {
        type: 'object',
        properties: {
          profileId: { type: 'string', example: 'id_card' },
          name: { $ref: '#/components/schemas/Messages' },
          sha256: { type: 'string' },
          width: { type: 'integer' },
          height: { type: 'integer' },
          dpi: { type: 'integer' },
          bytes: { type: 'integer' },
          jpegQuality: { type: 'integer' },
          verdict: { enum: photoVerdicts },
          usable: { type: 'boolean', description: 'false: must not be issued (verdict retake)' },
        },
      },
      Station: {
        type: 'object',
        properties: {
          id: { type: 'string' },
          regionId: { type: 'string' },
          nameZh: { type: 'string' },
          nameEn: { type: 'string' },
          network: { enum: networks },
        },
      },
    },
  },
  security: [{ bearer: [] }],
  paths: {
    '/api/v1/client-config': {
      get: {
        summary: 'Where the console signs in (Keycloak URL, realm, client id)',
        security: [],
        responses: { 200: { description: 'client configuration' } },
      },
    },
    '/api/v1/me': {
      get: {
        summary: 'The caller as the API sees them',
        responses: { 200: { description: 'principal' }, 401: problem },
      },
    },
    '/api/v1/captures': {
      post: {
        summary: 'Capture a photo at a station (operators); starts the lifecycle workflow photo-<caseId>',
        requestBody: {
          required: true,
          content: {
            'multipart/form-data': {
              schema: {
                type: 'object',
                required: ['photo', 'stationId', 'personName', 'idNumber', 'category'],
                properties: {
                  photo: { type: 'string', format: 'binary', description: 'JPEG, PNG or WebP' },
                  stationId: { type: 'string' },
                  personName: { type: 'string' },
                  idNumber: { type: 'string', description: 'GB 11643 checksum verified for residents' },
                  category: { enum: personCategories },
                  device: { type: 'string' },
                },
              },
            },
          },
        },
        responses: {
          202: {
            description: 'accepted; processing continues in the workflow',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: {
                    caseId: { type: 'string' },
                    workflowId: { type: 'string' },
                    status: { const: 'received' },
                  },
                },
              },
            },
          },
          400: problem,
          401: problem,
          403: problem,
          413: problem,
          415: problem,
          503: problem,
        },
      },
    },
    '/api/v1/cases': {
      get: {
        summary: 'Cases the caller may read (react-admin simple REST conventions)',
        parameters: listParams,
        responses: {
          200: {
            description: 'a page; Content-Range: cases <start>-<end>/<total>',
            content: {
              'application/json': {
                schema: { type: 'array', items: { $ref: '#/components/schemas/CaseSummary' } },
              },
            },
          },
          400: problem,
          401: problem,
          403: problem,
        },
      },
    },
    '/api/v1/cases/{id}': {
      get: {
        summary: 'One case (404 also when the caller may not read it)',
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }],
        responses: {
          200: {
            description: 'the case',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/CaseDetail' } } },
          },
          401: problem,
          404: problem,
        },
      },
    },
    '/api/v1/cases/{id}/master': {
      get: {
        summary: 'The master photo as captured',
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }],
        responses: { 200: { description: 'image bytes' }, 401: problem, 404: problem },
      },
    },
    '/api/v1/cases/{id}/photos/{profileId}': {
      get: {
        summary: 'One standard photo rendered from the master (JPEG with its DPI)',
        parameters: [
          { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } },
          { name: 'profileId', in: 'path', required: true, schema: { type: 'string', example: 'id_card' } },
        ],
        responses: {
          200: { description: 'the photo', content: { 'image/jpeg': { schema: binary } } },
          401: problem,
          403: problem,
          404: problem,
        },
      },
    },
    '/api/v1/cases/{id}/photos/{profileId}/sheet': {
      get: {
        summary:
          'A print sheet of one standard photo (copies at their physical size; audited; refused for a photo marked not to be issued)',
        parameters: [
          { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } },
          { name: 'profileId', in: 'path', required: true, schema: { type: 'string', example: 'id_card' } },
          {
            name: 'size',
            in: 'query',
            schema: { type: 'string', enum: ['6inch', '5inch', 'a4'], default: '6inch' },
          },
          { name: 'format', in: 'query', schema: { type: 'string', enum: ['pdf', 'jpg'], default: 'pdf' } },
          { name: 'count', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 100 } },
          { name: 'gapMm', in: 'query', schema: { type: 'number', minimum: 0, maximum: 20 } },
          { name: 'cutLines', in: 'query', schema: { type: 'boolean', default: false } },
        ],
        responses: {
          200: {
            description: 'a PDF of the exact sheet size, or a JPEG with its DPI',
            content: { 'application/pdf': { schema: binary }, 'image/jpeg': { schema: binary } },
          },
          400: problem,
          401: problem,
          403: problem,
          404: problem,
          409: problem,
        },
      },
    },
    '/api/v1/cases/{id}/preview': {
      get: {
        summary: 'The master with face box, landmarks and every crop drawn (404 until the case is processed)',
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }],
        responses: {
          200: { description: 'the preview', content: { 'image/png': { schema: binary } } },
          401: problem,
          403: problem,
          404: problem,
        },
      },
    },
    '/api/v1/cases/{id}/report': {
      get: {
        summary:
          "The photo pipeline's full quality report, with the content of tongpai-photo's report.json (404 until the case is processed)",
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }],
        responses: {
          200: { description: 'the report', content: { 'application/json': { schema: { type: 'object' } } } },
          401: problem,
          403: problem,
          404: problem,
        },
      },
    },
    '/api/v1/stations': {
      get: {
        summary: 'Capture stations',
        responses: {
          200: {
            description: 'stations',
            content: {
              'application/json': {
                schema: { type: 'array', items: { $ref: '#/components/schemas/Station' } },
              },
            },
          },
          401: problem,
          403: problem,
        },
      },
    },
  },
} as const;
