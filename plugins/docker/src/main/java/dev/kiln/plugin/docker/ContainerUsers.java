package dev.kiln.plugin.docker;

import java.util.Locale;

/**
 * Resolves a container's configured user ({@code name}, {@code uid}, {@code name:group}, {@code uid:gid}) to numeric
 * ids from the container's {@code /etc/passwd} and {@code /etc/group}, the way the engine does when it starts a
 * process: a numeric user missing from {@code /etc/passwd} gets group 0.
 */
final class ContainerUsers {

    /** A numeric owner. */
    record Owner(int uid, int gid) {
        static final Owner ROOT = new Owner(0, 0);
    }

    private ContainerUsers() {
    }

    /** Whether the user part of {@code user} is empty or root, so that nothing needs fixing. */
    static boolean isRootOrUnset(String user) {
        if (user == null || user.isBlank()) {
            return true;
        }
        String name = user.split(":", 2)[0].trim().toLowerCase(Locale.ROOT);
        return name.isEmpty() || name.equals("root") || name.equals("0");
    }

    /**
     * Resolves {@code user}.
     *
     * @param user e.g. {@code app}, {@code 1000}, {@code app:staff}, {@code 1000:1000}
     * @param passwd the container's {@code /etc/passwd}, or null when it has none
     * @param group the container's {@code /etc/group}, or null when it has none
     * @return the numeric owner
     * @throws IllegalArgumentException saying which name is missing
     */
    static Owner resolve(String user, String passwd, String group) {
        String[] parts = user.trim().split(":", 2);
        String userPart = parts[0];
        String groupPart = parts.length > 1 ? parts[1] : null;
        int uid;
        Integer primaryGid = null;
        if (isNumber(userPart)) {
            uid = Integer.parseInt(userPart);
            String[] entry = find(passwd, 2, userPart);
            if (entry != null && isNumber(entry[3])) {
                primaryGid = Integer.parseInt(entry[3]);
            }
        } else {
            String[] entry = find(passwd, 0, userPart);
            if (entry == null || !isNumber(entry[2]) || !isNumber(entry[3])) {
                throw new IllegalArgumentException("user '" + userPart + "' is not in the container's /etc/passwd"
                        + (passwd == null ? " (the image has no /etc/passwd)" : ""));
            }
            uid = Integer.parseInt(entry[2]);
            primaryGid = Integer.parseInt(entry[3]);
        }
        int gid;
        if (groupPart == null || groupPart.isEmpty()) {
            gid = primaryGid == null ? 0 : primaryGid;
        } else if (isNumber(groupPart)) {
            gid = Integer.parseInt(groupPart);
        } else {
            String[] entry = find(group, 0, groupPart);
            if (entry == null || entry.length < 3 || !isNumber(entry[2])) {
                throw new IllegalArgumentException("group '" + groupPart + "' is not in the container's /etc/group"
                        + (group == null ? " (the image has no /etc/group)" : ""));
            }
            gid = Integer.parseInt(entry[2]);
        }
        return new Owner(uid, gid);
    }

    /** The first line of a colon-separated file whose {@code field} equals {@code value}, with at least 3 fields. */
    private static String[] find(String file, int field, String value) {
        if (file == null) {
            return null;
        }
        for (String line : file.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] fields = line.trim().split(":", -1);
            if (fields.length >= 3 && fields.length > field && fields[field].equals(value)) {
                return fields.length >= 4 ? fields : new String[] {fields[0], fields[1], fields[2], ""};
            }
        }
        return null;
    }

    private static boolean isNumber(String s) {
        if (s == null || s.isEmpty() || s.length() > 10) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!Character.isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
