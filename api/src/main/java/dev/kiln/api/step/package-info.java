/** Steps with cleanup, and the state they share, for builders. */
package dev.kiln.api.step;
