package dev.citusdeploy.ssh;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/** Reads a command's output stream to its end. */
final class Streams {
    private Streams() {
    }

    /** Everything the stream gives; what was read before a failure when it breaks (the exit status tells). */
    static byte[] readAll(InputStream in) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            in.transferTo(out);
        } catch (IOException e) {
            // a broken stream ends the output; the exit status says whether the command failed
        }
        return out.toByteArray();
    }

    /** Lines until one equals {@code ready} (included, last) or the stream ends. */
    static java.util.List<String> readUntil(InputStream in, String ready) {
        java.util.List<String> lines = new java.util.ArrayList<>();
        java.io.BufferedReader reader = new java.io.BufferedReader(
                new java.io.InputStreamReader(in, java.nio.charset.StandardCharsets.UTF_8));
        try {
            String line;
            while ((line = reader.readLine()) != null) {
                lines.add(line);
                if (line.equals(ready)) {
                    break;
                }
            }
        } catch (IOException e) {
            // a broken stream ends the output
        }
        return lines;
    }

    /**
     * The {@link HeldCommand} for lines read by {@link #readUntil}: running when the last is the ready
     * line (without it in {@code lines}), else exited with {@code exitCode}.
     */
    static HeldCommand held(java.util.List<String> lines, String ready, java.util.function.IntSupplier exitCode,
                            Runnable release) {
        if (!lines.isEmpty() && lines.get(lines.size() - 1).equals(ready)) {
            return new HeldCommand(lines.subList(0, lines.size() - 1), true, -1, release);
        }
        int exit = exitCode.getAsInt();
        release.run();
        return new HeldCommand(lines, false, exit, () -> { });
    }
}
