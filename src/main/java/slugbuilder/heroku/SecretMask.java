package slugbuilder.heroku;

import java.util.Objects;

/**
 * Hides one secret (the API token) in text that came from elsewhere, e.g. a server's error body.
 * A secret of at least {@link #MIN_LENGTH} characters is masked wherever it occurs: a real token is
 * long and random, so any occurrence is the token. A shorter value ({@code HEROKU_API_KEY=t}) cannot
 * be told apart from parts of ordinary words, so it is masked only where it stands as a whole value:
 * between the text's edges, white space, double quotes or the separators around a credential
 * ({@code = : @ , ; ( ) [ ] { } < >}). Masking {@code t} inside {@code Couldn't} would hide the
 * message and show the token all the same.
 */
public final class SecretMask {
    /** Below this length a value is too short to be a real token (Heroku's are 36 characters or more). */
    public static final int MIN_LENGTH = 8;

    public static final String REDACTED = "<redacted>";

    private static final String SEPARATORS = "\"=:@,;()[]{}<>";

    private final String secret;

    public SecretMask(String secret) {
        this.secret = Objects.requireNonNull(secret, "secret");
    }

    /** Whether the secret is shorter than a real token, and so masked only as a whole value. */
    public boolean tooShort() {
        return secret.length() < MIN_LENGTH;
    }

    /** TEXT with every occurrence of the secret that counts (see the class comment) replaced by {@link #REDACTED}. */
    public String mask(String text) {
        if (secret.isEmpty()) {
            return text;
        }
        if (!tooShort()) {
            return text.replace(secret, REDACTED);
        }
        StringBuilder masked = new StringBuilder(text.length());
        int from = 0;
        int at = text.indexOf(secret);
        while (at >= 0) {
            int end = at + secret.length();
            if (boundary(text, at - 1) && boundary(text, end)) {
                masked.append(text, from, at).append(REDACTED);
                from = end;
                at = text.indexOf(secret, end);
            } else {
                at = text.indexOf(secret, at + 1);
            }
        }
        return masked.append(text, from, text.length()).toString();
    }

    /** Whether the character at INDEX (outside the text counts) ends a value. */
    private static boolean boundary(String text, int index) {
        if (index < 0 || index >= text.length()) {
            return true;
        }
        char c = text.charAt(index);
        return Character.isWhitespace(c) || Character.isISOControl(c) || SEPARATORS.indexOf(c) >= 0;
    }

    @Override
    public String toString() {
        return "SecretMask[<redacted>]";
    }
}
