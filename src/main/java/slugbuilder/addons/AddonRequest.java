package slugbuilder.addons;

/**
 * One entry of app.json's {@code addons}: {@code "heroku-postgresql:essential-0"} or
 * {@code {"plan": "heroku-postgresql", "as": "BACKUP_DATABASE", "options": {"version": "16"}}}.
 *
 * @param name    the add-on service's name ("heroku-postgresql"); the plan after ':' means nothing locally
 * @param as      the attachment name the user chose, upper-cased; null for Heroku's default
 * @param version {@code options.version}; null when not given
 * @param line    where the entry starts in app.json, for messages
 */
public record AddonRequest(String name, String as, String version, int line) {}
