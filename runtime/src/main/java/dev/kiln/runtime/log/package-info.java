/**
 * What keeps sensitive values out of the diagnostic log: {@link dev.kiln.runtime.log.LogMasking} holds the values
 * of the templates that open sessions have loaded, and the stream it makes masks every line printed through it,
 * whichever library logged it, at whatever level. The command line prints its log (and everything else it sends to
 * standard error) through that stream.
 */
package dev.kiln.runtime.log;
