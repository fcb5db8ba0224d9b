import { Controller, Get, Module } from '@nestjs/common';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule, ApiOperation } from '@nestjs/swagger';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { AppError } from './app-error';
import { Deprecated, deprecationHeaders } from './deprecation';
import { ProblemFilter } from './problem.filter';

const NOTICE = { since: '2026-12-01', sunset: '2027-06-30T00:00:00Z', link: 'https://kaiji.example/changelog#v1-old-list' };

/** Test-only routes: no real route is deprecated yet. */
@Controller('things')
class ThingsController {
  @Deprecated(NOTICE)
  @ApiOperation({ summary: 'The old list of things' })
  @Get('old')
  old(): { things: string[] } {
    return { things: [] };
  }

  @ApiOperation({ summary: 'The old lookup, which refuses' })
  @Deprecated({ since: '2026-12-01' })
  @Get('old-refusal')
  refusal(): never {
    throw AppError.notFound('thing');
  }

  @ApiOperation({ summary: 'The new list of things' })
  @Get()
  list(): { things: string[] } {
    return { things: [] };
  }
}

@Module({ controllers: [ThingsController] })
class ThingsModule {}

describe('Deprecated (versioning and deprecation policy)', () => {
  let app: NestFastifyApplication;
  beforeAll(async () => {
    const module = await Test.createTestingModule({ imports: [ThingsModule] }).compile();
    app = module.createNestApplication<NestFastifyApplication>(new FastifyAdapter());
    app.useGlobalFilters(new ProblemFilter());
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  });
  afterAll(() => app.close());

  it('sends Deprecation (RFC 9745), Sunset (RFC 8594) and Link headers on a deprecated route', async () => {
    const response = await request(app.getHttpServer()).get('/things/old').expect(200);
    expect(response.headers['deprecation']).toBe(`@${Date.UTC(2026, 11, 1) / 1000}`);
    expect(response.headers['sunset']).toBe('Wed, 30 Jun 2027 00:00:00 GMT');
    expect(response.headers['link']).toBe(
      '<https://kaiji.example/changelog#v1-old-list>; rel="deprecation"; type="text/html", <https://kaiji.example/changelog#v1-old-list>; rel="sunset"; type="text/html"',
    );
    expect(response.body).toEqual({ things: [] });
  });

  it('sends them on refusals too, and nothing on routes that are not deprecated', async () => {
    const refused = await request(app.getHttpServer()).get('/things/old-refusal').expect(404);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.headers['deprecation']).toBe(`@${Date.UTC(2026, 11, 1) / 1000}`);
    expect(refused.headers['sunset']).toBeUndefined();
    const current = await request(app.getHttpServer()).get('/things').expect(200);
    expect([current.headers['deprecation'], current.headers['sunset']]).toEqual([undefined, undefined]);
  });

  it('marks the OpenAPI operation deprecated, keeping its summary whatever the order of decorators', () => {
    const document = SwaggerModule.createDocument(app, new DocumentBuilder().build());
    expect(document.paths['/things/old'].get).toMatchObject({ deprecated: true, summary: 'The old list of things' });
    expect(document.paths['/things/old-refusal'].get).toMatchObject({ deprecated: true, summary: 'The old lookup, which refuses' });
    expect(document.paths['/things'].get?.deprecated).toBeUndefined();
  });

  it('refuses a sunset closer than the promised 180 days, and dates that do not parse', () => {
    expect(() => deprecationHeaders({ since: '2026-12-01', sunset: '2027-03-01' })).toThrow(/less than 180 days/);
    expect(() => deprecationHeaders({ since: 'soon' })).toThrow(/not an ISO 8601 date/);
    expect(deprecationHeaders({ since: '2026-12-01' })).toEqual({ Deprecation: '@1796083200' });
  });
});
