/** Kept in step with package.json by a test (the CLI bundle does not read package.json at run time). */
export const VERSION = '0.2.0';
