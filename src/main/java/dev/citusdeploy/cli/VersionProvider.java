package dev.citusdeploy.cli;

import picocli.CommandLine.IVersionProvider;

final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {"citus-deploy " + dev.citusdeploy.Version.current()};
    }
}
