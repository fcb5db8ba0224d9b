// A scenario drives a real browser through many screens, each waiting on the API.
jest.setTimeout(180_000);
