/**
 * Packer JSON templates: reading them with source positions ({@link dev.kiln.runtime.template.TemplateParser}),
 * resolving user variables ({@link dev.kiln.runtime.template.Variables}), Packer's template language
 * ({@link dev.kiln.runtime.template.TemplateEngine}) and binding component blocks to config records
 * ({@link dev.kiln.runtime.template.ConfigBinder}). Every problem is reported with file, line and column, all at once.
 */
package dev.kiln.runtime.template;
