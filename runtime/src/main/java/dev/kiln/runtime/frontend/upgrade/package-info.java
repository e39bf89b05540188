/**
 * {@code kiln hcl2_upgrade}: {@link dev.kiln.runtime.frontend.upgrade.Hcl2Upgrade} turns a Packer JSON template, as
 * the JSON front end reads it ({@link dev.kiln.runtime.frontend.json.Template}), into the text of the equivalent
 * {@code .pkr.hcl} file, as {@code packer hcl2_upgrade} does, translating Packer's Go-template calls into HCL2
 * expressions ({@code GoTemplateTranslator}) and writing the canonical layout ({@code HclBody}).
 */
package dev.kiln.runtime.frontend.upgrade;
