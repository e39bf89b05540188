/**
 * Packer JSON templates: reading them with source positions ({@link dev.kiln.runtime.frontend.json.TemplateParser}),
 * resolving user variables ({@link dev.kiln.runtime.frontend.json.Variables}), Packer's template language
 * ({@link dev.kiln.runtime.frontend.json.TemplateEngine}) and binding component blocks to config records
 * ({@link dev.kiln.runtime.build.ConfigBinder}). Every problem is reported with file, line and column, all at once.
 */
package dev.kiln.runtime.frontend.json;
