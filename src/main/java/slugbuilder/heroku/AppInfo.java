package slugbuilder.heroku;

/** An app's name and its web URL (e.g. {@code https://myapp-1234.herokuapp.com/}; null if none). */
public record AppInfo(String name, String webUrl) {}
