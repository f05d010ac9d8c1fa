package dev.citusdeploy.inventory;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Docker's image reference grammar (distribution/reference), so that an image that Docker would
 * refuse is refused here, before anything is written or pulled:
 * <pre>
 * reference := name [":" tag] ["@" digest]
 * name      := [host [":" port] "/"] path-component ["/" path-component]*     (at most 255 characters)
 * path-component := [a-z0-9]+ (([._] | "__" | "-"+) [a-z0-9]+)*
 * tag       := [\w][\w.-]{0,127}
 * digest    := "sha256:" 64 lower-case hex digits
 * </pre>
 * Like Docker, the first component is a registry host only if it has a "." or ":" or is
 * "localhost"; unlike Docker, an upper-case first component is not taken for a host, since that
 * is nearly always a mistyped repository name.
 */
public final class ImageReference {
    /** The shape of a reference, for messages. */
    public static final String EXAMPLE = "citusdata/citus:14.1.0";
    private static final int NAME_MAX = 255;
    private static final Pattern PATH_COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
    private static final Pattern DOMAIN_NAME =
            Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*");
    private static final Pattern IPV6_HOST = Pattern.compile("\\[[A-Fa-f0-9:]+]");
    private static final Pattern PORT = Pattern.compile("[0-9]+");
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
    private static final Pattern DIGEST = Pattern.compile("sha256:[a-f0-9]{64}");
    private static final Pattern IMAGE_ID = Pattern.compile("[a-f0-9]{64}");

    private ImageReference() {
    }

    /**
     * Why {@code reference} is not a Docker image reference, as a whole sentence starting with the
     * quoted value; empty when it is one. Used for the inventory's {@code image} and for {@code init --image}.
     */
    public static Optional<String> problem(String reference) {
        return reason(reference).map(why -> "\"" + reference + "\" is not a Docker image reference (" + why + ")");
    }

    public static boolean isValid(String reference) {
        return reason(reference).isEmpty();
    }

    /** The reason alone, e.g. "repository names are lower-case, e.g. citusdata/citus:14.1.0". */
    static Optional<String> reason(String reference) {
        if (reference.isEmpty()) {
            return Optional.of("it is empty; e.g. " + EXAMPLE);
        }
        if (reference.chars().anyMatch(c -> c <= ' ' || c >= 0x7f)) {
            return Optional.of("no spaces, line breaks or characters beyond ASCII; e.g. " + EXAMPLE);
        }
        String rest = reference;
        int at = rest.indexOf('@');
        boolean bare = true;
        if (at >= 0) {
            bare = false;
            if (!DIGEST.matcher(rest.substring(at + 1)).matches()) {
                return Optional.of("a digest is @sha256: followed by 64 lower-case hex digits");
            }
            rest = rest.substring(0, at);
        }
        int colon = rest.lastIndexOf(':');
        if (colon > rest.lastIndexOf('/')) {
            bare = false;
            if (!TAG.matcher(rest.substring(colon + 1)).matches()) {
                return Optional.of("a tag is up to 128 letters, digits, _, . and -, not starting with . or -");
            }
            rest = rest.substring(0, colon);
        }
        return nameReason(rest, bare);
    }

    private static Optional<String> nameReason(String name, boolean bare) {
        if (name.length() > NAME_MAX) {
            return Optional.of("the name is longer than " + NAME_MAX + " characters");
        }
        int slash = name.indexOf('/');
        String path = name;
        if (slash >= 0 && isRegistry(name.substring(0, slash))) {
            if (!isHost(name.substring(0, slash))) {
                return Optional.of("the registry is a host name or [IPv6 address], with an optional :port");
            }
            path = name.substring(slash + 1);
        }
        if (!path.toLowerCase(java.util.Locale.ROOT).equals(path)) {
            return Optional.of("repository names are lower-case, e.g. " + EXAMPLE);
        }
        for (String component : path.split("/", -1)) {
            if (!PATH_COMPONENT.matcher(component).matches()) {
                return Optional.of("the name is lower-case letters and digits, parts joined by /, . _ __ or -, e.g. " + EXAMPLE);
            }
        }
        if (bare && IMAGE_ID.matcher(name).matches()) {
            return Optional.of("64 hex digits are an image ID; name the repository, e.g. " + EXAMPLE);
        }
        return Optional.empty();
    }

    private static boolean isRegistry(String first) {
        return first.contains(".") || first.contains(":") || first.equals("localhost") || first.startsWith("[");
    }

    private static boolean isHost(String domain) {
        String host = domain;
        int portColon = domain.lastIndexOf(':');
        if (portColon >= 0 && portColon > domain.lastIndexOf(']')) {
            if (!PORT.matcher(domain.substring(portColon + 1)).matches()) {
                return false;
            }
            host = domain.substring(0, portColon);
        }
        return DOMAIN_NAME.matcher(host).matches() || IPV6_HOST.matcher(host).matches();
    }
}
