package slugbuilder.addons;

import slugbuilder.appjson.AppJson;

/** Plans from app.json text, for tests outside this package. */
public final class AppJsonFixture {
    private AppJsonFixture() {}

    public static AddonPlan plan(String json, AddonCatalog catalog, ChosenAddonImages images) {
        return AddonPlan.of(AppJson.parse(AppJson.NAME, json).base().addons(), catalog, images);
    }
}
