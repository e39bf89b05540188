package dev.kiln.docker.engine;

/**
 * What the engine says about a path inside a container (the archive API's {@code HEAD}).
 *
 * @param name the file's name
 * @param size its size in bytes
 * @param directory whether it is a directory
 * @param symlink whether it is a symbolic link
 * @param linkTarget where a symbolic link points, or empty
 */
public record PathStat(String name, long size, boolean directory, boolean symlink, String linkTarget) {
}
