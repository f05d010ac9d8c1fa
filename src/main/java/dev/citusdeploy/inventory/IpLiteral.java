package dev.citusdeploy.inventory;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * IPv4 and IPv6 address literals. The JDK parses them, but only once their characters show that
 * they are literals: {@link InetAddress#getByName} looks up anything else in DNS, and validating an
 * inventory contacts nothing.
 */
public final class IpLiteral {
    private static final String OCTET = "(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])";
    /** Four decimal numbers 0-255 without leading zeros (which some parsers read as octal). */
    private static final Pattern IPV4 = Pattern.compile(OCTET + "(?:\\." + OCTET + "){3}");
    private static final Pattern DOTTED_NUMBERS = Pattern.compile("[0-9]+(?:\\.[0-9]+)*");
    /** Hex groups and colons, maybe an IPv4 tail; never a zone (%eth0), which pg_hba.conf does not take. */
    private static final Pattern IPV6_CHARACTERS = Pattern.compile("[0-9A-Fa-f:]*:[0-9A-Fa-f:]*:[0-9A-Fa-f:.]*");
    private static final int IPV6_MAX = 45;

    private IpLiteral() {
    }

    public static boolean isIpv4(String text) {
        return IPV4.matcher(text).matches() && parse(text).isPresent();
    }

    public static boolean isIpv6(String text) {
        return looksLikeIpv6(text) && text.length() <= IPV6_MAX && parse(text).isPresent();
    }

    /** Digits and dots only: meant as an IPv4 address, whether or not it is one. */
    static boolean looksLikeIpv4(String text) {
        return DOTTED_NUMBERS.matcher(text).matches();
    }

    /** Hex digits and at least two colons: meant as an IPv6 address, whether or not it is one. */
    static boolean looksLikeIpv6(String text) {
        return IPV6_CHARACTERS.matcher(text).matches();
    }

    public static boolean isLoopback(String text) {
        return (isIpv4(text) || isIpv6(text)) && parse(text).map(InetAddress::isLoopbackAddress).orElse(false);
    }

    /** Only called on text that is a literal by its characters: a hex digit or ':' first, no letters beyond a-f. */
    private static Optional<InetAddress> parse(String literal) {
        try {
            return Optional.of(InetAddress.getByName(literal));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }
}
