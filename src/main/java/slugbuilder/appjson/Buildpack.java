package slugbuilder.appjson;

/** One of app.json's {@code buildpacks}: a URL or a registry name such as {@code heroku/nodejs}. */
public record Buildpack(String url, int line) {}
