package dev.citusdeploy.cli;

import picocli.CommandLine.Option;

/** {@code -o text|json}, for the commands that report something programs may read. */
final class FormatOption {
    enum Format { text, json }

    @Option(names = {"-o", "--output"}, defaultValue = "text", paramLabel = "FORMAT",
            description = "text or json (default: ${DEFAULT-VALUE}).")
    Format format;

    boolean json() {
        return format == Format.json;
    }
}
