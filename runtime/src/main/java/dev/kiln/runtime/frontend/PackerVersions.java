package dev.kiln.runtime.frontend;

/**
 * Packer version numbers, compared as both front ends check them: Packer JSON's {@code min_packer_version} and
 * HCL2's {@code required_version}.
 */
public final class PackerVersions {

    private PackerVersions() {
    }

    /**
     * Compares two dotted version numbers part by part ({@code 1.10} is after {@code 1.9}); a missing part counts as
     * zero, so {@code 1.7} equals {@code 1.7.0}.
     *
     * @param a digits separated by dots
     * @param b digits separated by dots
     * @return negative, zero or positive as {@code a} is before, equal to or after {@code b}
     */
    public static int compare(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            int left = i < x.length ? Integer.parseInt(x[i]) : 0;
            int right = i < y.length ? Integer.parseInt(y[i]) : 0;
            if (left != right) {
                return Integer.compare(left, right);
            }
        }
        return 0;
    }
}
