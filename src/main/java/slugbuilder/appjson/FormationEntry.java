package slugbuilder.appjson;

/**
 * One process type of app.json's {@code formation}.
 *
 * @param quantity how many dynos of the type run; null when app.json does not say (Heroku: 1 for web, 0 for the rest)
 * @param size     their size; null when app.json does not say
 * @param line     where the entry starts in app.json
 */
public record FormationEntry(String type, Integer quantity, DynoSize size, int line) {}
