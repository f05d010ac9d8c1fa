package dev.citusdeploy.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import org.junit.jupiter.api.Test;

class DockerInstallHintTest {
    private static final String TRIXIE = "PRETTY_NAME=\"Debian GNU/Linux 13 (trixie)\"\nNAME=\"Debian GNU/Linux\"\nVERSION_ID=\"13\"\nID=debian\n";
    private static final String BOOKWORM = "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nVERSION_ID=\"12\"\nID=debian\n";
    private static final String NOBLE = "PRETTY_NAME=\"Ubuntu 24.04.1 LTS\"\nID=ubuntu\nID_LIKE=debian\nVERSION_ID=\"24.04\"\n";
    private static final String ROCKY = "NAME=\"Rocky Linux\"\nID=\"rocky\"\nID_LIKE=\"rhel centos fedora\"\nVERSION_ID=\"9.4\"\n"
            + "PRETTY_NAME=\"Rocky Linux 9.4 (Blue Onyx)\"\n";

    @Test
    void namesThePackagesOfTheServersOwnDistribution() {
        assertEquals("on Debian GNU/Linux 13 (trixie): apt-get install docker.io docker-compose", DockerInstallHint.forServer(TRIXIE, true));
        assertEquals("on Debian GNU/Linux 13 (trixie): apt-get install docker-compose", DockerInstallHint.forServer(TRIXIE, false));
        assertEquals("on Ubuntu 24.04.1 LTS: apt-get install docker-compose-v2", DockerInstallHint.forServer(NOBLE, false));
    }

    @Test
    void pointsToDockersPackagesWhereTheDistributionHasNoComposeV2() {
        assertEquals("on Debian GNU/Linux 12 (bookworm) (its own packages have no Compose v2): install Docker's own packages"
                + " docker-ce and docker-compose-plugin (Docker's install guide for Debian GNU/Linux 12 (bookworm))",
                DockerInstallHint.forServer(BOOKWORM, true));
        assertEquals("on Rocky Linux 9.4 (Blue Onyx) (its own packages have no Compose v2): install Docker's own packages"
                + " docker-ce and docker-compose-plugin (Docker's install guide for Rocky Linux 9.4 (Blue Onyx))",
                DockerInstallHint.forServer(ROCKY, true));
        assertEquals("install Docker Engine with the Compose v2 plugin on this server's OS", DockerInstallHint.forServer("", true));
    }
}
