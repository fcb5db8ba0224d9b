// Workers read configuration only through loadConfig(); keep the developer's shell from leaking in.
process.env.NODE_ENV = 'test';
