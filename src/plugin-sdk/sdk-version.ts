/**
 * The version of the plugin SDK this gateway provides. A plugin declares the range it was
 * written for (`sdk: '^1.0.0'`); the registry refuses to load a plugin whose range excludes it.
 */
export const SDK_VERSION = '1.1.0';
