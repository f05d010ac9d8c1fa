package dev.citusdeploy.inventory;

import java.util.regex.Pattern;

/** Syntax check for an address or network as pg_hba.conf takes it; never resolves names. */
public final class Cidr {
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:]*:[0-9A-Fa-f:]*(:\\d{1,3}(\\.\\d{1,3}){3})?");

    private Cidr() {
    }

    public static boolean isValid(String text) {
        String[] parts = text.split("/", -1);
        if (parts.length > 2) {
            return false;
        }
        boolean v4 = isIpv4(parts[0]);
        boolean v6 = !v4 && IPV6.matcher(parts[0]).matches() && parts[0].length() <= 45;
        if (!v4 && !v6) {
            return false;
        }
        if (parts.length == 1) {
            return true;
        }
        if (!parts[1].matches("\\d{1,3}")) {
            return false;
        }
        int bits = Integer.parseInt(parts[1]);
        return bits <= (v4 ? 32 : 128);
    }

    public static boolean isIpv4(String text) {
        var m = IPV4.matcher(text);
        if (!m.matches()) {
            return false;
        }
        for (int i = 1; i <= 4; i++) {
            if (Integer.parseInt(m.group(i)) > 255) {
                return false;
            }
        }
        return true;
    }

    public static boolean isIpv6(String text) {
        return !isIpv4(text) && IPV6.matcher(text).matches();
    }

    /** The pg_hba.conf address for one host: a /32 or /128 for IPs, the name itself otherwise. */
    public static String hostEntry(String address) {
        if (isIpv4(address)) {
            return address + "/32";
        }
        if (isIpv6(address)) {
            return address + "/128";
        }
        return address;
    }
}
