// The API's request and response types, generated from the committed OpenAPI document by
// `npm run portal:types` (openapi-typescript), so the portal cannot drift from the API.
export type * from './generated/schemas';
