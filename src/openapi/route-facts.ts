import { INestApplication, ParseIntPipe } from '@nestjs/common';
import { PATH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { getMetadataStorage } from 'class-validator';
import { AUTH_RULE, AuthRule } from '../auth/authenticated.decorator';
import { UuidPipe } from '../common/uuid.pipe';

/** What the code says about one operation that Nest's OpenAPI scanner does not carry. */
export interface RouteFacts {
  rule?: AuthRule;
  /** Path parameters parsed by UuidPipe (anything else is 404) or ParseIntPipe (anything else is 400). */
  uuidParams: Set<string>;
  integerParams: Set<string>;
  /** Query parameters a DTO validates with @IsInt. */
  integerQuery: Set<string>;
  /** The classes of the request body (their schemas carry the class's name). */
  bodyTypes: DtoClass[];
}

/** A DTO class, as design:paramtypes names it. */
export type DtoClass = abstract new (...args: never[]) => unknown;

interface RouteArgument {
  index: number;
  data?: unknown;
  pipes?: unknown[];
}

/** The operationId of a controller method: camelCase, e.g. ContractsController.propose → contractsPropose. */
export function operationIdFor(controllerName: string, methodName: string): string {
  const feature = controllerName.replace(/Controller$/, '');
  return `${feature.charAt(0).toLowerCase()}${feature.slice(1)}${methodName.charAt(0).toUpperCase()}${methodName.slice(1)}`;
}

/** Facts per operationId, read from the metadata the decorators left on every controller of the app. */
export function collectRouteFacts(app: INestApplication): Map<string, RouteFacts> {
  const container = (app as unknown as { container: { getModules(): Map<string, { controllers: Map<unknown, { metatype: unknown }> }> } }).container;
  const facts = new Map<string, RouteFacts>();
  for (const module of container.getModules().values()) {
    for (const { metatype } of module.controllers.values()) {
      if (typeof metatype !== 'function') continue;
      const controller = metatype as new (...args: never[]) => object;
      const prototype = controller.prototype as Record<string, unknown>;
      for (const methodName of Object.getOwnPropertyNames(prototype)) {
        const handler = prototype[methodName];
        if (methodName === 'constructor' || typeof handler !== 'function' || Reflect.getMetadata(PATH_METADATA, handler) === undefined) continue;
        facts.set(operationIdFor(controller.name, methodName), factsOf(controller, methodName, handler));
      }
    }
  }
  return facts;
}

function factsOf(controller: new (...args: never[]) => object, methodName: string, handler: object): RouteFacts {
  const rule = (Reflect.getMetadata(AUTH_RULE, handler) ?? Reflect.getMetadata(AUTH_RULE, controller)) as AuthRule | undefined;
  const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, methodName) ?? {}) as Record<string, RouteArgument>;
  const types = (Reflect.getMetadata('design:paramtypes', controller.prototype, methodName) ?? []) as unknown[];
  const facts: RouteFacts = { rule, uuidParams: new Set(), integerParams: new Set(), integerQuery: new Set(), bodyTypes: [] };
  for (const [key, argument] of Object.entries(args)) {
    // Keys are `${RouteParamtypes}:${index}` (custom decorators' keys do not parse as a number).
    const paramtype = Number(key.split(':')[0]) as RouteParamtypes;
    const pipes = argument.pipes ?? [];
    if (paramtype === RouteParamtypes.PARAM && typeof argument.data === 'string') {
      if (pipes.some((pipe) => pipe === UuidPipe || pipe instanceof UuidPipe)) facts.uuidParams.add(argument.data);
      if (pipes.some((pipe) => pipe === ParseIntPipe || pipe instanceof ParseIntPipe)) facts.integerParams.add(argument.data);
    }
    if (paramtype === RouteParamtypes.QUERY) {
      if (typeof argument.data === 'string' && pipes.some((pipe) => pipe === ParseIntPipe || pipe instanceof ParseIntPipe)) facts.integerQuery.add(argument.data);
      const dto = types[argument.index];
      if (argument.data === undefined && typeof dto === 'function') for (const name of integerProperties(dto as DtoClass)) facts.integerQuery.add(name);
    }
    const body = types[argument.index];
    if (paramtype === RouteParamtypes.BODY && argument.data === undefined && typeof body === 'function' && body !== Object) facts.bodyTypes.push(body as DtoClass);
  }
  return facts;
}

/** The properties of a class that class-validator checks with @IsInt (also inherited ones). */
export function integerProperties(target: DtoClass, each = false): string[] {
  return getMetadataStorage()
    .getTargetValidationMetadatas(target, '', true, false)
    .filter((metadata) => metadata.name === 'isInt' && Boolean(metadata.each) === each)
    .map((metadata) => metadata.propertyName);
}
