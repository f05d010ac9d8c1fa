package dev.citusdeploy.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/** A password from a file or standard input ({@code -}): its first line, without the line end. */
final class PasswordInput {
    private PasswordInput() {
    }

    static String read(Path file, CommandLine commandLine) {
        try {
            if (file.toString().equals("-")) {
                return firstLine(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine(),
                        "standard input", commandLine);
            }
            if (Files.isDirectory(file)) {
                throw new ParameterException(commandLine, "--pass-file: " + file + " is a folder, not a file");
            }
            if (!Files.exists(file)) {
                throw new ParameterException(commandLine, "--pass-file: no such file: " + file);
            }
            try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                return firstLine(reader.readLine(), file.toString(), commandLine);
            }
        } catch (IOException e) {
            throw new ParameterException(commandLine, "--pass-file: cannot read " + file + ": " + e.getMessage());
        }
    }

    private static String firstLine(String line, String source, CommandLine commandLine) {
        if (line == null) {
            throw new ParameterException(commandLine, "--pass-file: " + source + " is empty");
        }
        return line;
    }
}
