package slugbuilder.appjson;

/**
 * One entry of app.json's {@code addons}: {@code "heroku-postgresql:essential-0"} or
 * {@code {"plan": "heroku-postgresql", "as": "BACKUP_DATABASE", "options": {"version": "16"}}}.
 *
 * @param name    the add-on service's name ("heroku-postgresql")
 * @param plan    the plan after ':' ("essential-0", "in-dyno"); null when none is given. Locally only
 *                {@code in-dyno} means something: Heroku CI runs those inside each test dyno
 * @param as      the attachment name the user chose, upper-cased; null for Heroku's default
 * @param version {@code options.version}; null when not given
 * @param line    where the entry starts in app.json, for messages
 */
public record AddonRequest(String name, String plan, String as, String version, int line) {
    /** Heroku CI's plan for a service that runs inside each test dyno. */
    public static final String IN_DYNO = "in-dyno";

    public boolean inDyno() {
        return IN_DYNO.equals(plan);
    }
}
