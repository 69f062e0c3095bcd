export { createSettingsExtractor, extractSettings, languageOf, MAX_CONFIG_CHARS } from './extract';
export { LineIndex } from './positions';
export * from './types';
