package dev.citusdeploy.it;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What an integration test needs from the machine (Docker, the Citus test image, sshd, root).
 * Outside CI a missing prerequisite skips the test and says why; in CI ({@code CI=true}) it fails
 * the test with the same reason, so a run can never pass by skipping what it should prove.
 */
final class Prerequisite {
    static final boolean IN_CI = "true".equalsIgnoreCase(System.getenv("CI"));

    private Prerequisite() {
    }

    static void require(boolean present, String reason) {
        if (present) {
            return;
        }
        if (IN_CI) {
            fail("missing prerequisite (CI=true, so this is a failure, not a skip): " + reason);
        }
        assumeTrue(false, reason);
    }
}
