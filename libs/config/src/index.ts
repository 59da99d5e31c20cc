export { ConfigError } from './config-error';
export { ConfigModule } from './config.module';
export { DEV_SECRET_FILES, readOrCreateDevSecret } from './dev-secret';
export { HERALD_CONFIG, type HeraldConfig } from './herald-config';
export { APP_NAMES, HERALD_VERSION, type AppName, DEFAULT_PORTS, PORT_VARIABLES } from './herald-config.schema';
export { loadConfig } from './load-config';
