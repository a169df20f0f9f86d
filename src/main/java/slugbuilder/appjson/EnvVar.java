package slugbuilder.appjson;

/**
 * One entry of app.json's {@code env}: {@code "NAME": "value"} or
 * {@code "NAME": {"description": …, "value": …, "required": …, "generator": "secret"}}.
 *
 * @param value       the default value; null when none is given
 * @param description what the variable is for, shown when it is missing; empty when none
 * @param required    whether a value must come from somewhere (Heroku: true unless stated)
 * @param generator   {@link #SECRET} or null
 * @param line        where the entry starts in app.json
 */
public record EnvVar(String name, String value, String description, boolean required, String generator, int line) {
    /** The one generator Heroku knows: a random secret made once for the app. */
    public static final String SECRET = "secret";

    public boolean generated() {
        return SECRET.equals(generator);
    }
}
