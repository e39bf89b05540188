/**
 * The Packer JSON front end ({@link dev.kiln.runtime.frontend.json.JsonFrontEnd}): reading templates with source
 * positions ({@link dev.kiln.runtime.frontend.json.TemplateParser}), resolving user variables
 * ({@link dev.kiln.runtime.frontend.json.Variables}), and Packer's template language
 * ({@link dev.kiln.runtime.frontend.json.TemplateEngine}), which
 * {@link dev.kiln.runtime.frontend.json.JsonConfigResolver} applies to every block for each build and components use
 * while they run. Every problem is reported with file, line and column, all at once.
 */
package dev.kiln.runtime.frontend.json;
