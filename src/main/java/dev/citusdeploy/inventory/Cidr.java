package dev.citusdeploy.inventory;

import java.util.Optional;
import java.util.regex.Pattern;

/** An address or network as pg_hba.conf takes it (192.0.2.7, 10.20.0.0/24, 2001:db8::/64); never resolves names. */
public final class Cidr {
    private static final String EXAMPLES = "e.g. 10.20.0.0/24, 192.0.2.7, 2001:db8::/64";
    private static final Pattern PREFIX = Pattern.compile("0|[1-9][0-9]{0,2}");

    private Cidr() {
    }

    public static boolean isValid(String text) {
        return reason(text).isEmpty();
    }

    /** What is wrong with a client entry, as a sentence starting with the quoted value; empty when it is fine. */
    static Optional<String> problem(String text) {
        return reason(text).map(why -> "\"" + text + "\" is not an address or network (" + why + ")");
    }

    private static Optional<String> reason(String text) {
        String[] parts = text.split("/", -1);
        String address = parts[0];
        boolean v4 = IpLiteral.isIpv4(address);
        if (!v4 && !IpLiteral.isIpv6(address)) {
            return Optional.of(addressReason(address));
        }
        if (parts.length == 1) {
            return Optional.empty();
        }
        int max = v4 ? 32 : 128;
        if (parts.length > 2 || !PREFIX.matcher(parts[1]).matches() || Integer.parseInt(parts[1]) > max) {
            return Optional.of("the prefix length of an " + (v4 ? "IPv4" : "IPv6") + " network is 0 to " + max);
        }
        return Optional.empty();
    }

    private static String addressReason(String address) {
        if (address.matches("\\[.*]:[0-9]+|[^:]*:[0-9]+")) {
            return "a client entry has no port: PostgreSQL checks the address only";
        }
        if (IpLiteral.looksLikeIpv6(address)) {
            return "not an IPv6 address: eight groups of up to 4 hex digits, :: once at most";
        }
        if (IpLiteral.looksLikeIpv4(address)) {
            return "not an IPv4 address: four numbers 0 to 255, without leading zeros";
        }
        return EXAMPLES;
    }

    /**
     * The pg_hba.conf address for one validated entry: a network as it is, a /32 or /128 for a
     * single IP, a host name as it is. Anything else is refused, so that whatever reaches
     * pg_hba.conf is one field of it.
     */
    public static String hbaEntry(String entry) {
        if (entry.contains("/") && isValid(entry)) {
            return entry;
        }
        if (IpLiteral.isIpv4(entry)) {
            return entry + "/32";
        }
        if (IpLiteral.isIpv6(entry)) {
            return entry + "/128";
        }
        if (HostName.isValid(entry)) {
            return entry;
        }
        throw new IllegalArgumentException("not an address, network or host name for pg_hba.conf: \"" + entry + "\"");
    }
}
