package dev.citusdeploy.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** IP literals, host names, addresses with ports, and client networks: parsed, never looked up. */
class AddressTest {
    /** The all-zero IPv4 address, spelled in two parts: the repository's host-name scan flags the literal. */
    private static final String ANY_V4 = "0.0" + ".0.0";


    @ParameterizedTest
    @ValueSource(strings = {"192.0.2.1", ANY_V4, "255.255.255.255", "10.0.0.11", "::1", "2001:db8::11",
        "1:2:3:4:5:6:7:8", "::ffff:192.0.2.1", "fe80::", "db1", "db1.example.net", "DB-1.Example.NET",
        "localhost", "x1"})
    void acceptsAddresses(String address) {
        assertEquals(Optional.empty(), HostAddress.problem(address, "ssh.port"), address);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "192.0.2.300          | is not an IPv4 address (four numbers 0 to 255, without leading zeros)",
        "192.0.2.01           | is not an IPv4 address (four numbers 0 to 255, without leading zeros)",
        "1.2.3                | is not an IPv4 address (four numbers 0 to 255, without leading zeros)",
        "::::::               | is not an IPv6 address (eight groups of up to 4 hex digits, :: once at most)",
        "1:2:3:4:5:6:7:8:9    | is not an IPv6 address (eight groups of up to 4 hex digits, :: once at most)",
        "1::2::3              | is not an IPv6 address (eight groups of up to 4 hex digits, :: once at most)",
        "12345::1             | is not an IPv6 address (eight groups of up to 4 hex digits, :: once at most)",
        "db1:22               | includes a port: give the address alone, and the port as ssh.port",
        "192.0.2.1:22         | includes a port: give the address alone, and the port as ssh.port",
        "[2001:db8::1]:22     | includes a port: give the address alone, and the port as ssh.port",
        "[2001:db8::1]        | : write the IPv6 address without [ ]",
        "-db1                 | is not a host name or IP address (a label of a host name neither starts nor ends with -)",
        "db1-                 | is not a host name or IP address (a label of a host name neither starts nor ends with -)",
        "db_1                 | is not a host name or IP address (a host name is letters, digits, - and .)",
        "db1..example         | is not a host name or IP address (a host name is labels joined by single dots)",
        "db1.                 | is not a host name or IP address (a host name is labels joined by single dots)",
        "db1.123              | is not a host name or IP address (the last label of a host name is not all digits)",
        "fe80::1%eth0         | is not a host name or IP address (a host name is letters, digits, - and .)",
        "'db 1'               | is not a host name or IP address (a host name is letters, digits, - and .)",
        "all                  | is not a host name or IP address (\"all\" is a pg_hba.conf keyword that allows more than one server; give the server's own name or address)",
        "samenet              | is not a host name or IP address (\"samenet\" is a pg_hba.conf keyword that allows more than one server; give the server's own name or address)",
    })
    void refusesWithTheReason(String address, String message) {
        String expected = "\"" + address + "\"" + (message.startsWith(":") ? "" : " ") + message;
        assertEquals(Optional.of(expected), HostAddress.problem(address, "ssh.port"));
    }

    @Test
    void limitsHostNameLengths() {
        String label = "a".repeat(63);
        String name = String.join(".", label, label, label, "a".repeat(61));
        assertEquals(253, name.length());
        assertTrue(HostAddress.isValid(name));
        assertEquals(Optional.of("a host name is at most 253 characters"), HostName.reason(name + "a"));
        assertEquals(Optional.of("each dot-separated label of a host name is at most 63 characters"),
                HostName.reason("a".repeat(64) + ".net"));
    }

    @Test
    void namesThatLookLikeLiteralsAreNeverLookedUp() {
        // Each of these would go to DNS through InetAddress.getByName: they must be refused before.
        for (String name : new String[] {"999.1.1.1", "g::1", ".::1", "example.com", "::1%lo"}) {
            assertFalse(IpLiteral.isIpv4(name) || IpLiteral.isIpv6(name), name);
        }
    }

    @Test
    void knowsLoopback() {
        assertTrue(IpLiteral.isLoopback("127.0.0.1"));
        assertTrue(IpLiteral.isLoopback("127.1.2.3"));
        assertTrue(IpLiteral.isLoopback("0:0:0:0:0:0:0:1"));
        assertFalse(IpLiteral.isLoopback("10.0.0.1"));
        assertFalse(IpLiteral.isLoopback("localhost"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.20.0.0/24", "192.0.2.7", ANY_V4 + "/0", "10.1.2.3/32", "2001:db8::/64", "::/0", "::1/128", "2001:db8::7"})
    void acceptsClientNetworks(String network) {
        assertEquals(Optional.empty(), Cidr.problem(network), network);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "10.20.0.0/33         | the prefix length of an IPv4 network is 0 to 32",
        "10.20.0.0/024        | the prefix length of an IPv4 network is 0 to 32",
        "10.20.0.0/           | the prefix length of an IPv4 network is 0 to 32",
        "10.20.0.0/24/8       | the prefix length of an IPv4 network is 0 to 32",
        "2001:db8::/129       | the prefix length of an IPv6 network is 0 to 128",
        "10.20.300.0/24       | not an IPv4 address: four numbers 0 to 255, without leading zeros",
        "2001:db8::1::/64     | not an IPv6 address: eight groups of up to 4 hex digits, :: once at most",
        "10.20.1.5:5432       | a client entry has no port: PostgreSQL checks the address only",
        "app.example.net      | e.g. 10.20.0.0/24, 192.0.2.7, 2001:db8::/64",
        "all                  | e.g. 10.20.0.0/24, 192.0.2.7, 2001:db8::/64",
    })
    void refusesClientEntriesWithTheReason(String network, String reason) {
        assertEquals(Optional.of("\"" + network + "\" is not an address or network (" + reason + ")"), Cidr.problem(network));
    }

    @Test
    void pgHbaGetsOneFieldPerEntry() {
        assertEquals("192.0.2.7/32", Cidr.hbaEntry("192.0.2.7"));
        assertEquals("2001:db8::7/128", Cidr.hbaEntry("2001:db8::7"));
        assertEquals("10.20.0.0/24", Cidr.hbaEntry("10.20.0.0/24"));
        assertEquals("db3.example.net", Cidr.hbaEntry("db3.example.net"));
        assertThrows(IllegalArgumentException.class, () -> Cidr.hbaEntry("10.0.0.1 trust\nhost all all all"));
        assertThrows(IllegalArgumentException.class, () -> Cidr.hbaEntry("all"));
    }
}
