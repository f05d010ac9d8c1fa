package dev.citusdeploy.init;

/** Asks the operator for a value; only used when init runs on a terminal without --no-prompt. */
public interface Prompter {

    /** Returns the answer, or {@code fallback} for an empty answer. */
    String ask(String question, String fallback);

    /** Asks without echoing; an empty answer returns "". */
    String askSecret(String question);

    /** Never asks: every value not given takes its default (--no-prompt, or no terminal). */
    Prompter NEVER = new Prompter() {
        @Override
        public String ask(String question, String fallback) {
            return fallback;
        }

        @Override
        public String askSecret(String question) {
            return "";
        }
    };
}
