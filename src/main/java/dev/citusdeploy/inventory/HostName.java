package dev.citusdeploy.inventory;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Host names as RFC 1123 has them: labels of letters, digits and -, joined by dots; never one of
 * pg_hba.conf's address keywords, since a cluster address is written into pg_hba.conf.
 */
final class HostName {
    private static final int MAX = 253;
    private static final int LABEL_MAX = 63;
    private static final Pattern LABEL_CHARACTERS = Pattern.compile("[A-Za-z0-9-]+");
    /** Words pg_hba.conf reads in its address field as "any address" or "this network", never as a name. */
    private static final Set<String> PG_HBA_KEYWORDS = Set.of("all", "samehost", "samenet");

    private HostName() {
    }

    static boolean isValid(String name) {
        return reason(name).isEmpty();
    }

    /** What makes {@code name} no host name; empty when it is one. */
    static Optional<String> reason(String name) {
        if (name.length() > MAX) {
            return Optional.of("a host name is at most " + MAX + " characters");
        }
        String[] labels = name.split("\\.", -1);
        for (String label : labels) {
            if (label.isEmpty()) {
                return Optional.of("a host name is labels joined by single dots");
            }
            if (!LABEL_CHARACTERS.matcher(label).matches()) {
                return Optional.of("a host name is letters, digits, - and .");
            }
            if (label.length() > LABEL_MAX) {
                return Optional.of("each dot-separated label of a host name is at most " + LABEL_MAX + " characters");
            }
            if (label.startsWith("-") || label.endsWith("-")) {
                return Optional.of("a label of a host name neither starts nor ends with -");
            }
        }
        if (PG_HBA_KEYWORDS.contains(name.toLowerCase(Locale.ROOT))) {
            return Optional.of("\"" + name + "\" is a pg_hba.conf keyword that allows more than one server; give the server's own name or address");
        }
        if (labels[labels.length - 1].chars().allMatch(Character::isDigit)) {
            return Optional.of("the last label of a host name is not all digits");
        }
        return Optional.empty();
    }
}
