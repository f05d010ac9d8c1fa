package dev.citusdeploy.init;

import java.io.Console;

/** Asks on the terminal; passwords are not echoed. */
public final class ConsolePrompter implements Prompter {
    private final Console console;

    public ConsolePrompter(Console console) {
        this.console = console;
    }

    @Override
    public String ask(String question, String fallback) {
        String answer = console.readLine("%s [%s]: ", question, fallback);
        return answer == null || answer.isBlank() ? fallback : answer.strip();
    }

    @Override
    public String askSecret(String question) {
        char[] answer = console.readPassword("%s: ", question);
        return answer == null ? "" : new String(answer);
    }
}
