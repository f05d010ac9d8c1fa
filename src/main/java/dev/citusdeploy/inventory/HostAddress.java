package dev.citusdeploy.inventory;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A server's {@code address} or {@code cluster_address}: a host name or an IP address, alone. A
 * port written into it is the usual slip, so it gets its own message saying where the port goes.
 */
public final class HostAddress {
    private static final Pattern BRACKETED = Pattern.compile("\\[([^\\]]*)](?::([0-9]*))?");
    private static final Pattern WITH_PORT = Pattern.compile("([^:\\[\\]]+):([0-9]+)");

    private HostAddress() {
    }

    public static boolean isValid(String text) {
        return IpLiteral.isIpv4(text) || IpLiteral.isIpv6(text) || HostName.isValid(text);
    }

    /**
     * What is wrong with {@code text} as an address, as a sentence starting with the quoted value;
     * {@code portSetting} says where a port belongs instead (e.g. "ssh.port").
     */
    public static Optional<String> problem(String text, String portSetting) {
        if (isValid(text)) {
            return Optional.empty();
        }
        String quoted = "\"" + text + "\"";
        Matcher bracketed = BRACKETED.matcher(text);
        Matcher withPort = WITH_PORT.matcher(text);
        if ((bracketed.matches() && bracketed.group(2) != null) || (withPort.matches() && isValid(withPort.group(1)))) {
            return Optional.of(quoted + " includes a port: give the address alone, and the port as " + portSetting);
        }
        if (bracketed.matches() && IpLiteral.isIpv6(bracketed.group(1))) {
            return Optional.of(quoted + ": write the IPv6 address without [ ]");
        }
        if (IpLiteral.looksLikeIpv6(text)) {
            return Optional.of(quoted + " is not an IPv6 address (eight groups of up to 4 hex digits, :: once at most)");
        }
        if (IpLiteral.looksLikeIpv4(text)) {
            return Optional.of(quoted + " is not an IPv4 address (four numbers 0 to 255, without leading zeros)");
        }
        return Optional.of(quoted + " is not a host name or IP address ("
                + HostName.reason(text).orElse("a host name is letters, digits, - and .") + ")");
    }
}
