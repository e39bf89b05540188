/**
 * The HCL2 front end: {@link dev.kiln.runtime.frontend.hcl.HclFrontEnd} reads {@code *.pkr.hcl} and {@code
 * *.pkr.json} files and folders of them into the neutral {@link dev.kiln.runtime.frontend.BuildModel}, as Packer's
 * HCL2 templates describe them.
 *
 * <p>Loading parses every file (syntax errors stop the load, all reported): the native syntax with {@code syntax},
 * HCL's JSON syntax with {@code jsonsyntax} under {@code PackerJsonSchema}, which
 * gives the same syntax tree (a folder's {@code .pkr.hcl} files come first, then its {@code .pkr.json} files, as in
 * Packer). It checks {@code packer { required_version, required_plugins }}, decodes {@code variable} and {@code
 * variables} blocks, collects values with Packer's precedence (default, {@code PKR_VAR_name}, the HCL var files
 * ({@code *.auto.pkrvars.hcl} of a template folder, then {@code -var-file}s in order), the JSON ones ({@code
 * *.auto.pkrvars.json}, then {@code -var-file}s), {@code -var}s), runs validations, evaluates {@code locals} and
 * {@code local} blocks in dependency order (cycles reported once), and turns {@code source} and {@code build}
 * blocks into builds named {@code TYPE.NAME} (prefixed with the build block's {@code name} when it has one). Every
 * other problem is in {@link dev.kiln.runtime.frontend.BuildModel#problems()} with its file, line and column.
 *
 * <p>Component bodies stay expressions until the planner asks the model's resolver for a build's config: then
 * {@code dynamic} blocks are expanded and each body is evaluated with {@code var}, {@code local}, {@code path},
 * {@code packer}, {@code source} and, for provisioners and post-processors, {@code build}, whose generated-data
 * attributes are the Go-template placeholders ({@code {{ build `ID` }}}) that the components render while the build
 * runs, as for Packer JSON. Nested blocks become objects, or lists of objects when repeated.
 */
package dev.kiln.runtime.frontend.hcl;
