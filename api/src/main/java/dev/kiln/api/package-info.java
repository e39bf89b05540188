/**
 * Kiln's extension points. A plugin implements {@link dev.kiln.api.Builder}, {@link dev.kiln.api.Provisioner},
 * {@link dev.kiln.api.PostProcessor} or {@link dev.kiln.api.CommunicatorFactory} and lists the class in
 * {@code META-INF/services/<interface name>}.
 */
package dev.kiln.api;
