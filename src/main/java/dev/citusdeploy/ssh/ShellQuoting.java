package dev.citusdeploy.ssh;

import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Turns an argv into one command line for a POSIX shell (what SSH exec takes). */
public final class ShellQuoting {
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_./:=@%+,-]+");

    private ShellQuoting() {
    }

    public static String join(List<String> argv) {
        return argv.stream().map(ShellQuoting::quote).collect(Collectors.joining(" "));
    }

    public static String quote(String arg) {
        if (SAFE.matcher(arg).matches()) {
            return arg;
        }
        return "'" + arg.replace("'", "'\\''") + "'";
    }
}
