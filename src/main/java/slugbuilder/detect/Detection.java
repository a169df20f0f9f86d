package slugbuilder.detect;

import java.util.List;

/**
 * The platform chosen for an app and why.
 *
 * @param evidence    the file that selected it, "--template" when the user chose, or the app.json
 *                    buildpack that named it ("app.json's buildpack heroku/ruby (line 4)")
 * @param alsoMatched platforms further down the order whose rules matched too
 * @param notes       what else the user should know of the choice (other buildpacks app.json names)
 * @param warnings    app.json's buildpacks that name no platform here
 */
public record Detection(
        Platform platform, String evidence, List<Match> alsoMatched, List<String> notes, List<String> warnings) {

    public Detection {
        alsoMatched = List.copyOf(alsoMatched);
        notes = List.copyOf(notes);
        warnings = List.copyOf(warnings);
    }

    public Detection(Platform platform, String evidence, List<Match> alsoMatched) {
        this(platform, evidence, alsoMatched, List.of(), List.of());
    }

    public record Match(Platform platform, String evidence) {}
}
