package dev.citusdeploy.cli;

import picocli.CommandLine.Option;

/** {@code --accept-new-host-keys}, for the commands that connect to the servers. */
final class HostKeysOption {
    @Option(names = "--accept-new-host-keys", description = "Trust and record host keys not yet in known_hosts"
            + " (a changed key is always refused).")
    boolean acceptNew;
}
