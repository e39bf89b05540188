package dev.kiln.docker.engine;

/**
 * An image reference split the way the engine's pull API wants it: {@code fromImage} plus {@code tag}, where the
 * tag may be a digest. A reference without tag or digest means {@code latest}: the engine would otherwise pull every
 * tag of the repository.
 *
 * @param repository e.g. {@code alpine} or {@code localhost:5000/team/app}
 * @param tag e.g. {@code 3.20}, {@code latest} or {@code sha256:...}
 */
record ImageName(String repository, String tag) {

    static ImageName parse(String reference) {
        String ref = reference.trim();
        int at = ref.indexOf('@');
        if (at >= 0) {
            return new ImageName(ref.substring(0, at), ref.substring(at + 1));
        }
        int slash = ref.lastIndexOf('/');
        int colon = ref.lastIndexOf(':');
        if (colon > slash) {
            return new ImageName(ref.substring(0, colon), ref.substring(colon + 1));
        }
        return new ImageName(ref, "latest");
    }

    @Override
    public String toString() {
        return repository + (tag.startsWith("sha256:") ? "@" : ":") + tag;
    }
}
