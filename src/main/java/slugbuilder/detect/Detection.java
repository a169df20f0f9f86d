package slugbuilder.detect;

import java.util.List;

/**
 * The platform chosen for an app and why.
 *
 * @param evidence    the file that selected it, or "--template" when the user chose
 * @param alsoMatched platforms further down the order whose rules matched too
 */
public record Detection(Platform platform, String evidence, List<Match> alsoMatched) {

    public record Match(Platform platform, String evidence) {}
}
