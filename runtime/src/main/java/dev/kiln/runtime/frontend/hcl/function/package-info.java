/**
 * The functions HCL2 templates call: {@link dev.kiln.runtime.frontend.hcl.function.HclFunction} (parameters, return
 * type rule, implementation, and HCL's argument checking) and Packer's library in {@link
 * dev.kiln.runtime.frontend.hcl.function.HclFunctions}.
 */
package dev.kiln.runtime.frontend.hcl.function;
