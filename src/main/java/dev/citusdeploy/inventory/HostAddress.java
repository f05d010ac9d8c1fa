package dev.citusdeploy.inventory;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** Host names (RFC 1123) and IP literals, checked for syntax only: never resolved. */
public final class HostAddress {
    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]+");

    private HostAddress() {
    }

    public static boolean isHostOrAddress(String text) {
        return isIpLiteral(text) || isHostName(text);
    }

    public static boolean isIpLiteral(String text) {
        if (text == null || text.isEmpty()) {
            return false;
        }
        var v4 = IPV4.matcher(text);
        if (v4.matches()) {
            for (int i = 1; i <= 4; i++) {
                if (Integer.parseInt(v4.group(i)) > 255) {
                    return false;
                }
            }
            return true;
        }
        if (text.indexOf(':') < 0 || !IPV6_CHARS.matcher(text).matches()) {
            return false;
        }
        try {
            // Only a literal reaches here (hex digits, ':' and '.'), so this never looks up a name.
            return InetAddress.getByName(text).getHostAddress().indexOf(':') >= 0;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** RFC 1123: dot-separated labels of letters, digits and inner hyphens; not all-numeric. */
    public static boolean isHostName(String text) {
        if (text == null || text.isEmpty() || text.length() > 253 || text.matches("[0-9.]+")) {
            return false;
        }
        for (String label : text.split("\\.", -1)) {
            if (!LABEL.matcher(label).matches()) {
                return false;
            }
        }
        return true;
    }
}
