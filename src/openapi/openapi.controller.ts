import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Public } from '../auth/authenticated.decorator';

/** Where the committed document is: two levels up from src/openapi (ts-jest), three from dist/src/openapi. */
const CANDIDATES = [join(__dirname, '..', '..', 'openapi', 'openapi.json'), join(__dirname, '..', '..', '..', 'openapi', 'openapi.json')];

/**
 * The committed OpenAPI document (openapi/openapi.json, which CI holds equal to the code), served
 * by the running server for integrators' tools whether or not KAIJI_DOCS serves the /docs viewer.
 */
@ApiTags('openapi')
@Controller()
export class OpenApiController {
  private document?: Buffer;

  @ApiOperation({ summary: 'This API’s OpenAPI 3.1 document, as committed (openapi/openapi.json)' })
  @ApiOkResponse({ description: 'The OpenAPI document.', content: { 'application/json': { schema: { type: 'object', additionalProperties: true } } } })
  @Public()
  @Get('openapi.json')
  @Header('Content-Type', 'application/json; charset=utf-8')
  @Header('Cache-Control', 'no-cache')
  openapi(): Buffer {
    this.document ??= readFileSync(committedDocumentPath());
    return this.document;
  }
}

export function committedDocumentPath(): string {
  const found = CANDIDATES.find((path) => existsSync(path));
  if (!found) throw new Error(`openapi/openapi.json not found (looked in ${CANDIDATES.join(', ')})`);
  return found;
}
