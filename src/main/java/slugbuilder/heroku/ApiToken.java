package slugbuilder.heroku;

import java.util.Objects;
import slugbuilder.ExitCode;
import slugbuilder.SlugbuilderException;

/**
 * A Heroku API token and where it came from (e.g. {@code HEROKU_API_KEY}, {@code ~/.netrc}), for
 * messages. Its {@link #toString()} never shows the value.
 */
public record ApiToken(String value, String source) {

    public ApiToken {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(source, "source");
        if (value.isEmpty()) {
            throw new SlugbuilderException(
                    ExitCode.ENVIRONMENT,
                    "the Heroku API token from " + source + " is empty",
                    "set HEROKU_API_KEY or log in with `heroku login`");
        }
        // Only visible ASCII can go into an Authorization header; say so without echoing the value.
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                throw new SlugbuilderException(
                        ExitCode.ENVIRONMENT,
                        "the Heroku API token from " + source
                                + " contains a space, a line break or a non-ASCII character at position " + (i + 1),
                        "`heroku auth:token` prints a valid token");
            }
        }
    }

    @Override
    public String toString() {
        return "ApiToken[source=" + source + ", value=<redacted>]";
    }
}
