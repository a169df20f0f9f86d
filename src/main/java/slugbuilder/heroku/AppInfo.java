package slugbuilder.heroku;

/**
 * An app's name, its web URL (e.g. {@code https://myapp-1234.herokuapp.com/}; null if none), the
 * stack it runs on and the stack its next build or release uses (names such as {@code heroku-24}
 * or {@code container}; null when the API does not say). {@code heroku stack:set} changes the
 * build stack at once and the stack with the next release.
 */
public record AppInfo(String name, String webUrl, String stack, String buildStack) {
    public static final String CONTAINER_STACK = "container";

    /** An app whose stacks are not known. */
    public AppInfo(String name, String webUrl) {
        this(name, webUrl, null, null);
    }

    /** Whether the app runs, or will run with its next release, on the container stack: it takes images. */
    public boolean containerStack() {
        return CONTAINER_STACK.equals(stack) || CONTAINER_STACK.equals(buildStack);
    }
}
