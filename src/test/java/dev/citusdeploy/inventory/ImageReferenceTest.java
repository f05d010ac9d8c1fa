package dev.citusdeploy.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ImageReferenceTest {
    private static final String SHA = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    @ParameterizedTest
    @ValueSource(strings = {
        "citusdata/citus", "citusdata/citus:14.1.0", "citusdata/citus:14.1.0-pg17", "postgres", "my/citus:1",
        "localhost/citus", "localhost:5000/team/citus:1", "registry.example.com/a/b/c:tag",
        "Registry.Example.com/citus", "registry.example.com:5000/citus@" + SHA, "citusdata/citus:14.1.0@" + SHA,
        "[2001:db8::1]:5000/citus:1", "192.0.2.1:5000/citus", "a__b/c--d/e.f_g", "localhost:5000",
        "citus:_tag", "citus:TAG.1-x",
    })
    void acceptsWhatDockerAccepts(String reference) {
        assertEquals(Optional.empty(), ImageReference.reason(reference), reference);
        assertTrue(ImageReference.isValid(reference));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "Citus:latest                | repository names are lower-case, e.g. citusdata/citus:14.1.0",
        "Citusdata/citus             | repository names are lower-case, e.g. citusdata/citus:14.1.0",
        "citusdata/Citus:1           | repository names are lower-case, e.g. citusdata/citus:14.1.0",
        "citus:${TAG}                | a tag is up to 128 letters, digits, _, . and -, not starting with . or -",
        "citus:.hidden               | a tag is up to 128 letters, digits, _, . and -, not starting with . or -",
        "'citus:'                    | a tag is up to 128 letters, digits, _, . and -, not starting with . or -",
        "citus@sha256:abc            | a digest is @sha256: followed by 64 lower-case hex digits",
        "citus@md5:0123              | a digest is @sha256: followed by 64 lower-case hex digits",
        "citus@                      | a digest is @sha256: followed by 64 lower-case hex digits",
        "/citus                      | the name is lower-case letters and digits, parts joined by /, . _ __ or -, e.g. citusdata/citus:14.1.0",
        "citus/                      | the name is lower-case letters and digits, parts joined by /, . _ __ or -, e.g. citusdata/citus:14.1.0",
        "citus//x                    | the name is lower-case letters and digits, parts joined by /, . _ __ or -, e.g. citusdata/citus:14.1.0",
        "-citus                      | the name is lower-case letters and digits, parts joined by /, . _ __ or -, e.g. citusdata/citus:14.1.0",
        "a___b                       | the name is lower-case letters and digits, parts joined by /, . _ __ or -, e.g. citusdata/citus:14.1.0",
        "citus;reboot                | the name is lower-case letters and digits, parts joined by /, . _ __ or -, e.g. citusdata/citus:14.1.0",
        "registry.example.com:x/citus | the registry is a host name or [IPv6 address], with an optional :port",
        "-bad.example.com/citus      | the registry is a host name or [IPv6 address], with an optional :port",
        "'citus data'                | no spaces, line breaks or characters beyond ASCII; e.g. citusdata/citus:14.1.0",
        "citüs                       | no spaces, line breaks or characters beyond ASCII; e.g. citusdata/citus:14.1.0",
    })
    void refusesWithTheReason(String reference, String reason) {
        assertEquals(Optional.of(reason), ImageReference.reason(reference), reference);
    }

    @Test
    void limitsLengths() {
        assertTrue(ImageReference.isValid("citus:" + "t".repeat(128)));
        assertEquals(Optional.of("a tag is up to 128 letters, digits, _, . and -, not starting with . or -"),
                ImageReference.reason("citus:" + "t".repeat(129)));
        assertTrue(ImageReference.isValid("a/" + "b".repeat(253)));
        assertEquals(Optional.of("the name is longer than 255 characters"), ImageReference.reason("a/" + "b".repeat(254)));
    }

    @Test
    void aBareImageIdIsNotAReference() {
        String id = "0123456789abcdef".repeat(4);
        assertEquals(Optional.of("64 hex digits are an image ID; name the repository, e.g. citusdata/citus:14.1.0"),
                ImageReference.reason(id));
        assertTrue(ImageReference.isValid(id + ":1"));
    }

    @Test
    void aLineBreakCannotSlipThrough() {
        assertEquals(Optional.of("\"citus:1\nprivileged: true\" is not a Docker image reference"
                + " (no spaces, line breaks or characters beyond ASCII; e.g. citusdata/citus:14.1.0)"),
                ImageReference.problem("citus:1\nprivileged: true"));
        assertEquals(Optional.of("it is empty; e.g. citusdata/citus:14.1.0"), ImageReference.reason(""));
    }
}
