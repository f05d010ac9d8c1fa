package dev.citusdeploy.init;

import java.nio.file.Path;
import java.util.List;

/**
 * What init was told; null means "not given" (then asked on a terminal, or defaulted).
 *
 * @param hosts servers for a multi-server inventory; empty means this machine
 */
public record InitOptions(Integer workers, Integer port, String user, String password, List<String> hosts,
                          String cluster, String image, Path output, boolean force) {

    public InitOptions {
        hosts = hosts == null ? List.of() : List.copyOf(hosts);
    }
}
