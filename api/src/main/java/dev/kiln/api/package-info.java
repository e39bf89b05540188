/**
 * Kiln's extension points. A plugin implements {@link dev.kiln.api.Builder}, {@link dev.kiln.api.Provisioner},
 * {@link dev.kiln.api.PostProcessor} or {@link dev.kiln.api.CommunicatorFactory} and lists the class in
 * {@code META-INF/services/<interface name>}. A component that makes things outside Kiln's temporary folders, where a
 * killed Kiln would leave them, names them with its {@link dev.kiln.api.BuildOwner} and also implements
 * {@link dev.kiln.api.LeftoverSweeper}, so {@code kiln cleanup} finds them.
 */
package dev.kiln.api;
