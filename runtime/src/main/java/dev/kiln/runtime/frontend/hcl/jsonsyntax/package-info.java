/**
 * HCL's JSON syntax, written from hcl's {@code json/spec.md}: {@code *.pkr.json} templates and {@code .pkrvars.json}
 * var files.
 *
 * <p>{@link dev.kiln.runtime.frontend.hcl.jsonsyntax.JsonParser} is a JSON parser of its own (not Jackson): object
 * properties keep their order and repeats, numbers their exact text, and every value, property name and error its
 * {@link dev.kiln.runtime.frontend.hcl.syntax.Range} (line, column counted as the native syntax counts them, byte
 * offset), with HCL's diagnostics ("Trailing comma in object", "Invalid JSON keyword", ...).
 *
 * <h2>Design: a translation into the native syntax tree, under a schema</h2>
 * A JSON object means nothing by itself: {@code "x": {...}} is a block or an object-valued attribute depending on
 * the schema the caller applies. hcl solves this with a {@code Body} interface both syntaxes implement
 * ({@code Content(schema)}, {@code JustAttributes()}), evaluated lazily. Kiln's evaluator, {@code dynamic} block
 * expansion, static analyses (type expressions, variable references for locals and validations) and the Packer
 * loader all walk the native tree ({@link dev.kiln.runtime.frontend.hcl.syntax.Body}, {@code Block}, {@code
 * Attribute}, {@code Expression}); a second body implementation would have meant rewriting every one of them
 * against a new abstraction. Packer's schema, though, is fixed at every level the loader reads, and the component
 * bodies it leaves to the resolver evaluate to the same config tree whether a nested part is a block or an object
 * attribute. So {@link dev.kiln.runtime.frontend.hcl.jsonsyntax.JsonSyntax} translates a JSON document once, when it
 * is parsed, into the native tree, given a {@link dev.kiln.runtime.frontend.hcl.jsonsyntax.JsonSchema} for each
 * level (Packer's is {@code dev.kiln.runtime.frontend.hcl.PackerJsonSchema}); everything downstream is shared and
 * stays as it was. The translation follows the spec:
 * <ul>
 *   <li>A body is an object, or an array of objects whose properties are taken in order; {@code "//"} properties
 *       are comments (in bodies only, not in object values). A property naming a block type of the schema gives
 *       blocks: one nested object level per label (arrays of objects allowed at every level, repeated names kept),
 *       then an object for one body or an array of objects for several; {@code null} gives none. Any other property
 *       is an attribute (a repeat is "Duplicate argument"); in just-attributes bodies ({@code locals},
 *       {@code variables}, {@code required_plugins}, var files) every property is.</li>
 *   <li>Attribute values: numbers, bools and {@code null} are literals, arrays tuples, objects object constructors
 *       whose keys are templates; strings are standalone native-syntax templates ({@code ${...}}, {@code %{...}},
 *       a lone {@code "${x}"} unwrapped to x's value), parsed with the file's positions (one column after the
 *       opening quote; escapes inside a string shift later columns, as in hcl).</li>
 *   <li>Where hcl analyses an expression statically, the string holds a native expression: a variable's
 *       {@code type} ({@code "list(string)"}) and a {@code dynamic} block's {@code iterator}. In var files strings
 *       are literal (hcl's literal-only mode, as Packer evaluates them with no context): {@code "${x}"} is those
 *       four characters.</li>
 * </ul>
 * Template syntax errors are found when the file is read, not when the attribute is evaluated, so they stop the
 * load with the other syntax errors. Unknown properties are the loader's "Unsupported argument" problems, as in the
 * native syntax, rather than hcl's "Extraneous JSON object property".
 */
package dev.kiln.runtime.frontend.hcl.jsonsyntax;
