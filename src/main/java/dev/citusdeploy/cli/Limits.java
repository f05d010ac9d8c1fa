package dev.citusdeploy.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** Time limits given on the command line: a limit of zero or less would end a step before it starts. */
final class Limits {
    private Limits() {
    }

    static void requirePositive(CommandSpec spec, String option, long value) {
        if (value < 1) {
            throw new ParameterException(spec.commandLine(), option + ": must be 1 or more, not " + value);
        }
    }

    static void requireNotNegative(CommandSpec spec, String option, long value) {
        if (value < 0) {
            throw new ParameterException(spec.commandLine(), option + ": must be 0 or more, not " + value);
        }
    }
}
