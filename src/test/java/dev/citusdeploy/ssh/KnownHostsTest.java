package dev.citusdeploy.ssh;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** Which known_hosts lines are handed to sshj for one server (the others are never decoded). */
class KnownHostsTest {
    private static final String KEY = " ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl";

    @Test
    void aPlainLineConcernsTheHostsItNames() {
        assertTrue(KnownHosts.mayConcern("db1.example.net" + KEY, "db1.example.net"));
        assertTrue(KnownHosts.mayConcern("db0,DB1.example.net,192.0.2.11" + KEY, "db1.example.net"), "names are case-insensitive");
        assertTrue(KnownHosts.mayConcern("[127.0.0.41]:2222" + KEY, "[127.0.0.41]:2222"));
        assertFalse(KnownHosts.mayConcern("[127.0.0.41]:2222" + KEY, "[127.0.0.42]:2222"));
        assertFalse(KnownHosts.mayConcern("127.0.0.41" + KEY, "[127.0.0.41]:2222"), "another port is another host");
    }

    @Test
    void hashedNamesAreMatchedAsOpenSshHashesThem() throws Exception {
        byte[] salt = "0123456789abcdefghij".getBytes(StandardCharsets.US_ASCII);
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(salt, "HmacSHA1"));
        String hashed = "|1|" + Base64.getEncoder().encodeToString(salt) + "|"
                + Base64.getEncoder().encodeToString(mac.doFinal("[db1]:2200".getBytes(StandardCharsets.UTF_8)));

        assertTrue(KnownHosts.mayConcern(hashed + KEY, "[db1]:2200"));
        assertFalse(KnownHosts.mayConcern(hashed + KEY, "[db2]:2200"));
        assertTrue(KnownHosts.mayConcern("|1|not-base64|x" + KEY, "[db2]:2200"), "a form not understood is left to sshj");
    }

    @Test
    void markersAndPatternsAreAlwaysKept() {
        assertTrue(KnownHosts.mayConcern("@revoked * " + KEY.strip(), "db9"));
        assertTrue(KnownHosts.mayConcern("@cert-authority *.example.net" + KEY, "db9"));
        assertTrue(KnownHosts.mayConcern("*.example.net" + KEY, "db9"));
        assertTrue(KnownHosts.mayConcern("db?,!db3" + KEY, "db9"));
    }

    @Test
    void commentsAndBlankLinesAreDropped() {
        assertFalse(KnownHosts.mayConcern("# db1" + KEY, "db1"));
        assertFalse(KnownHosts.mayConcern("   ", "db1"));
    }
}
