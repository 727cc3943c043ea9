/**
 * The loaders' public API: scenario and platform files → validated data, or a
 * located one-line {@link ConfigError}.
 */
export { ConfigError, formatPath, type ConfigPath } from './errors.js';
export { MAX_CONFIG_BYTES } from './text.js';
export { listPlatforms, loadPlatform, PLATFORM_EXT } from './platform.js';
export { loadScenario, type LoadedScenario, type LoadScenarioOptions } from './scenario.js';
