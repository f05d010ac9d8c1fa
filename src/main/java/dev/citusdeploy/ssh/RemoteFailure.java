package dev.citusdeploy.ssh;

import dev.citusdeploy.CitusDeployException;
import dev.citusdeploy.ExitCode;

/** Builds the one-line errors of remote steps, always starting with the server. */
public final class RemoteFailure {
    private RemoteFailure() {
    }

    public static CitusDeployException of(String server, String step, CommandResult result) {
        return new CitusDeployException(ExitCode.REMOTE_FAILURE,
                "server " + server + ": " + step + " failed: " + result.reason());
    }

    public static CitusDeployException connection(String server, String message, Throwable cause) {
        return new CitusDeployException(ExitCode.CONNECTION, "server " + server + ": " + message, cause);
    }
}
