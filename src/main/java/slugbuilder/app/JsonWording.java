package slugbuilder.app;

import com.fasterxml.jackson.core.JsonProcessingException;

/** Jackson's parse errors in a user's words: what is wrong, without the parser's internals. */
public final class JsonWording {
    private JsonWording() {}

    public static String problem(JsonProcessingException e) {
        String first = e.getOriginalMessage().lines().findFirst().orElse("");
        if (first.startsWith("Trailing token")) {
            return "more text after the end of the top-level value";
        }
        if (first.contains("ALLOW_COMMENTS")) {
            return "comments are not allowed in JSON";
        }
        return first.replaceAll("\\s*\\(start marker at \\[Source.*$", "")
                .replaceAll("\\s*at \\[Source.*$", "")
                .replaceAll(":?\\s*enable `[^`]*` to allow$", ": not allowed in JSON")
                .replaceAll("\\s*\\(\\d+, from `[^`]*`\\)", "")
                .replaceAll("^Unexpected character \\('(.+?)' \\(code \\d+\\)\\)", "unexpected '$1'")
                .replaceAll("expected a valid value \\(.*\\)$", "expected a value")
                .strip();
    }
}
